package dev.writ.protocol.merkle;

import java.util.List;

/**
 * Inclusion verification probes published by transparency-dev/merkle as language-neutral
 * golden data: https://github.com/transparency-dev/merkle, directory testdata/inclusion, commit
 * 417fb0c314750d94e53942e9f92e79b6d35915db. Each JSON file became one line, unchanged apart from
 * the layout: file | accept or reject | leafIdx | treeSize | leafHash | root | proof.
 * An empty hash ("" in the JSON) is written {@code ~}; an empty or null proof list {@code -}.
 * Hashes are base64 as in the JSON; the tree behind them is the RFC 6962 reference tree of
 * {@link Rfc6962Vectors}. This is data, not code: only the values were taken.
 */
final class InclusionProbes {
    private InclusionProbes() {
    }

    static List<Probe> all() {
        return Probe.parse(DATA);
    }

    private static final String DATA = """
            0/empty-root.json | reject | 0 | 1 | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU= | -
            0/happy-path.json | accept | 0 | 1 | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | -
            0/leafIdx-XOR-@2.json | reject | 2 | 1 | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | -
            0/leafIdx-plus-@1.json | reject | 1 | 1 | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | -
            0/leafIdx-sub-@1.json | reject | 18446744073709551615 | 1 | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | -
            0/preceding-garbage.json | reject | 0 | 1 | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | ~
            0/preceding-root.json | reject | 0 | 1 | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=
            0/random-root.json | reject | 0 | 1 | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY= | -
            0/trailing-garbage.json | reject | 0 | 1 | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | ~
            0/trailing-root.json | reject | 0 | 1 | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=
            0/treeSize-div-@2.json | reject | 0 | 0 | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | -
            0/treeSize-mul-@2.json | reject | 0 | 2 | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | -
            0/wrong-leaf.json | reject | 0 | 1 | V3JvbmdMZWFm | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | -
            1/empty-root.json | reject | 0 | 8 | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU= | lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=
            1/happy-path.json | accept | 0 | 8 | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= | lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=
            1/inserted-component.json | reject | 0 | 8 | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= | lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=,q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=
            1/leafIdx-XOR-@2.json | reject | 2 | 8 | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= | lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=
            1/leafIdx-plus-@1.json | reject | 1 | 8 | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= | lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=
            1/leafIdx-sub-@1.json | reject | 18446744073709551615 | 8 | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= | lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=
            1/modified-proof[0]-bit-@3.json | reject | 0 | 8 | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= | nqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=
            1/modified-proof[1]-bit-@3.json | reject | 0 | 8 | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= | lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=,Vwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=
            1/modified-proof[2]-bit-@3.json | reject | 0 | 8 | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= | lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,Y0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=
            1/preceding-garbage.json | reject | 0 | 8 | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= | ~,lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=
            1/preceding-root.json | reject | 0 | 8 | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=,lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=
            1/random-root.json | reject | 0 | 8 | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY= | lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=
            1/removed-component.json | reject | 0 | 8 | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= | lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=
            1/trailing-garbage.json | reject | 0 | 8 | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= | lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=,~
            1/trailing-root.json | reject | 0 | 8 | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= | lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=,XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=
            1/treeSize-div-@2.json | reject | 0 | 4 | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= | lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=
            1/treeSize-mul-@2.json | reject | 0 | 16 | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= | lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=
            1/wrong-leaf.json | reject | 0 | 8 | V3JvbmdMZWFm | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= | lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=
            2/empty-root.json | reject | 5 | 8 | QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg= | 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU= | vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=,yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=,037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=
            2/happy-path.json | accept | 5 | 8 | QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg= | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= | vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=,yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=,037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=
            2/inserted-component.json | reject | 5 | 8 | QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg= | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= | vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=,q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY=,yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=,037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=
            2/leafIdx-XOR-@2.json | reject | 7 | 8 | QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg= | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= | vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=,yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=,037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=
            2/leafIdx-plus-@1.json | reject | 6 | 8 | QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg= | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= | vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=,yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=,037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=
            2/leafIdx-sub-@1.json | reject | 4 | 8 | QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg= | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= | vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=,yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=,037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=
            2/modified-proof[0]-bit-@3.json | reject | 5 | 8 | QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg= | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= | tBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=,yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=,037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=
            2/modified-proof[1]-bit-@3.json | reject | 5 | 8 | QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg= | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= | vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=,woVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=,037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=
            2/modified-proof[2]-bit-@3.json | reject | 5 | 8 | QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg= | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= | vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=,yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=,237kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=
            2/preceding-garbage.json | reject | 5 | 8 | QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg= | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= | ~,vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=,yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=,037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=
            2/preceding-root.json | reject | 5 | 8 | QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg= | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=,vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=,yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=,037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=
            2/random-root.json | reject | 5 | 8 | QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg= | q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY= | vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=,yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=,037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=
            2/removed-component.json | reject | 5 | 8 | QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg= | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= | vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=,yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=
            2/trailing-garbage.json | reject | 5 | 8 | QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg= | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= | vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=,yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=,037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=,~
            2/trailing-root.json | reject | 5 | 8 | QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg= | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= | vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=,yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=,037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=,XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=
            2/treeSize-div-@2.json | reject | 5 | 4 | QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg= | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= | vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=,yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=,037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=
            2/treeSize-mul-@2.json | reject | 5 | 16 | QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg= | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= | vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=,yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=,037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=
            2/wrong-leaf.json | reject | 5 | 8 | V3JvbmdMZWFm | XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= | vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=,yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=,037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=
            3/empty-root.json | reject | 2 | 3 | ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c= | 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU= | +sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=
            3/happy-path.json | accept | 2 | 3 | ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c= | rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc= | +sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=
            3/leafIdx-XOR-@2.json | reject | 0 | 3 | ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c= | rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc= | +sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=
            3/leafIdx-plus-@1.json | reject | 3 | 3 | ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c= | rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc= | +sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=
            3/leafIdx-sub-@1.json | reject | 1 | 3 | ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c= | rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc= | +sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=
            3/modified-proof[0]-bit-@3.json | reject | 2 | 3 | ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c= | rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc= | 8sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=
            3/preceding-garbage.json | reject | 2 | 3 | ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c= | rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc= | ~,+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=
            3/preceding-root.json | reject | 2 | 3 | ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c= | rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc= | rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc=,+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=
            3/random-root.json | reject | 2 | 3 | ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c= | q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY= | +sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=
            3/removed-component.json | reject | 2 | 3 | ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c= | rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc= | -
            3/trailing-garbage.json | reject | 2 | 3 | ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c= | rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc= | +sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=,~
            3/trailing-root.json | reject | 2 | 3 | ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c= | rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc= | +sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=,rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc=
            3/treeSize-div-@2.json | reject | 2 | 1 | ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c= | rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc= | +sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=
            3/treeSize-mul-@2.json | reject | 2 | 6 | ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c= | rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc= | +sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=
            3/wrong-leaf.json | reject | 2 | 3 | V3JvbmdMZWFm | rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc= | +sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=
            4/empty-root.json | reject | 1 | 5 | lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c= | 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU= | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=
            4/happy-path.json | accept | 1 | 5 | lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c= | Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ= | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=
            4/inserted-component.json | reject | 1 | 5 | lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c= | Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ= | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=,q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=
            4/leafIdx-XOR-@2.json | reject | 3 | 5 | lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c= | Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ= | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=
            4/leafIdx-plus-@1.json | reject | 2 | 5 | lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c= | Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ= | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=
            4/leafIdx-sub-@1.json | reject | 0 | 5 | lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c= | Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ= | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=
            4/modified-proof[0]-bit-@3.json | reject | 1 | 5 | lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c= | Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ= | ZjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=
            4/modified-proof[1]-bit-@3.json | reject | 1 | 5 | lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c= | Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ= | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=,Vwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=
            4/modified-proof[2]-bit-@3.json | reject | 1 | 5 | lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c= | Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ= | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,tBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=
            4/preceding-garbage.json | reject | 1 | 5 | lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c= | Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ= | ~,bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=
            4/preceding-root.json | reject | 1 | 5 | lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c= | Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ= | Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=,bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=
            4/random-root.json | reject | 1 | 5 | lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c= | q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY= | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=
            4/removed-component.json | reject | 1 | 5 | lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c= | Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ= | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=
            4/trailing-garbage.json | reject | 1 | 5 | lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c= | Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ= | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=,~
            4/trailing-root.json | reject | 1 | 5 | lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c= | Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ= | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=,Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=
            4/treeSize-div-@2.json | reject | 1 | 2 | lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c= | Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ= | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=
            4/treeSize-mul-@2.json | reject | 1 | 10 | lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c= | Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ= | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=
            4/wrong-leaf.json | reject | 1 | 5 | V3JvbmdMZWFm | Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ= | bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=
            additional/0/empty-root-and-random-leaf.json | reject | 0 | 0 | q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY= | 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU= | -
            additional/0/empty-root.json | reject | 0 | 0 | ~ | 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU= | -
            additional/0/random-leaf.json | reject | 0 | 0 | q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY= | ~ | -
            additional/1/empty-root-and-random-leaf.json | reject | 0 | 1 | q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY= | 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU= | -
            additional/1/empty-root.json | reject | 0 | 1 | ~ | 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU= | -
            additional/1/random-leaf.json | reject | 0 | 1 | q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY= | ~ | -
            additional/2/empty-root-and-random-leaf.json | reject | 1 | 0 | q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY= | 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU= | -
            additional/2/empty-root.json | reject | 1 | 0 | ~ | 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU= | -
            additional/2/random-leaf.json | reject | 1 | 0 | q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY= | ~ | -
            additional/3/empty-root-and-random-leaf.json | reject | 2 | 1 | q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY= | 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU= | -
            additional/3/empty-root.json | reject | 2 | 1 | ~ | 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU= | -
            additional/3/random-leaf.json | reject | 2 | 1 | q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY= | ~ | -
            single-entry/empty-leaf.json | reject | 0 | 1 | ~ | DTrtAjFI/9KiWfvQzcf7PPl1ZYdg03dbgq9vkKrMLfw= | -
            single-entry/empty-root-and-leaf.json | reject | 0 | 1 | ~ | ~ | -
            single-entry/empty-root.json | reject | 0 | 1 | DTrtAjFI/9KiWfvQzcf7PPl1ZYdg03dbgq9vkKrMLfw= | ~ | -
            single-entry/matching-root-and-leaf.json | accept | 0 | 1 | DTrtAjFI/9KiWfvQzcf7PPl1ZYdg03dbgq9vkKrMLfw= | DTrtAjFI/9KiWfvQzcf7PPl1ZYdg03dbgq9vkKrMLfw= | -
            """;
}
