package dev.writ.contracts.anchor;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * TEMPORARY, test-only: an EvidenceAnchor written from contracts/README.md and compiled with the
 * pinned solcjs into target/, so the anchoring tests run against a real contract on a real anvil
 * before the chain helper's committed EvidenceAnchor.sol and its wrapper are on main. Deleted when
 * they land; deliberately not a committed .sol.
 */
public final class TemporaryEvidenceAnchor {
    private static final String SOURCE = """
// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.37;

contract EvidenceAnchor {
    struct Batch { uint64 firstSeq; uint64 lastSeq; bytes32 root; uint64 blockNumber; }
    address public immutable admin;
    mapping(bytes32 => address) public anchorer;
    mapping(bytes32 => uint64) public nextBatchSeq;
    mapping(bytes32 => uint64) public nextFirstSeq;
    mapping(bytes32 => mapping(uint64 => Batch)) private batches;

    error NotAdmin(address sender);
    error NotAnchorer(bytes32 domain, address sender);
    error BatchOutOfOrder(bytes32 domain, uint64 expected, uint64 got);
    error RangeNotContiguous(bytes32 domain, uint64 expectedFirst, uint64 gotFirst);
    error EmptyRange();
    error ZeroRoot();
    error UnknownBatch(bytes32 domain, uint64 batchSeq);

    event AnchorerSet(bytes32 indexed domain, address anchorer);
    event Anchored(bytes32 indexed domain, uint64 indexed batchSeq, uint64 firstSeq, uint64 lastSeq, bytes32 root);

    constructor() { admin = msg.sender; }

    function registerDomain(bytes32 domain, address who) external {
        if (msg.sender != admin) revert NotAdmin(msg.sender);
        anchorer[domain] = who;
        emit AnchorerSet(domain, who);
    }

    function anchor(bytes32 domain, uint64 batchSeq, uint64 firstSeq, uint64 lastSeq, bytes32 root) external {
        if (msg.sender != anchorer[domain]) revert NotAnchorer(domain, msg.sender);
        if (batchSeq != nextBatchSeq[domain]) revert BatchOutOfOrder(domain, nextBatchSeq[domain], batchSeq);
        if (firstSeq != nextFirstSeq[domain]) revert RangeNotContiguous(domain, nextFirstSeq[domain], firstSeq);
        if (lastSeq < firstSeq) revert EmptyRange();
        if (root == bytes32(0)) revert ZeroRoot();
        batches[domain][batchSeq] = Batch(firstSeq, lastSeq, root, uint64(block.number));
        nextBatchSeq[domain] = batchSeq + 1;
        nextFirstSeq[domain] = lastSeq + 1;
        emit Anchored(domain, batchSeq, firstSeq, lastSeq, root);
    }

    function batch(bytes32 domain, uint64 batchSeq) external view returns (uint64, uint64, bytes32, uint64) {
        Batch memory b = batches[domain][batchSeq];
        if (b.root == bytes32(0)) revert UnknownBatch(domain, batchSeq);
        return (b.firstSeq, b.lastSeq, b.root, b.blockNumber);
    }
}
""";

    private TemporaryEvidenceAnchor() {
    }

    /** Compiles (once per build) and answers the creation bytecode. */
    static synchronized String bytecode() throws Exception {
        Path dir = Path.of("target/tmp-evidence-anchor").toAbsolutePath();
        Path bin = dir.resolve("EvidenceAnchor_sol_EvidenceAnchor.bin");
        if (!Files.exists(bin)) {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("EvidenceAnchor.sol"), SOURCE);
            Process p = new ProcessBuilder(AnvilProcess.tool("solcjs").toString(), "--bin", "--abi",
                    "--optimize", "--optimize-runs", "200", "-o", dir.toString(), "EvidenceAnchor.sol")
                    .directory(dir.toFile()).inheritIO().start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("solcjs failed to compile the temporary EvidenceAnchor");
            }
        }
        return "0x" + Files.readString(bin).strip();
    }

    /** Deploys it from the dev key and registers {@code domain} with the same key as anchorer; answers the address. */
    public static String deploy(AnvilProcess anvil, String... domains) throws Exception {
        String rpcUrl = anvil.url();
        Credentials key = Credentials.create(AnvilProcess.DEV_KEY);
        try (ChainClient admin = new ChainClient(rpcUrl, AnvilProcess.CHAIN_ID, null, key, Duration.ofSeconds(5))) {
            Web3j web3j = Web3j.build(new HttpService(rpcUrl));
            try {
                long nonce = admin.pendingNonce();
                Fees fees = admin.suggestedFees();
                admin.broadcast(admin.sign(null, bytecode(), nonce, BigInteger.valueOf(3_000_000), fees));
                String address = org.web3j.crypto.ContractUtils.generateContractAddress(key.getAddress(), BigInteger.valueOf(nonce));
                anvil.rpc("evm_mine"); // also on a chain that mines only when told
                awaitNonce(web3j, key.getAddress(), nonce + 1);
                for (String domain : domains) {
                    nonce++;
                    admin.broadcast(admin.sign(address, EvidenceAnchorAbi.registerDomain(domain, key.getAddress()), nonce,
                            BigInteger.valueOf(200_000), fees));
                }
                anvil.rpc("evm_mine");
                awaitNonce(web3j, key.getAddress(), nonce + 1);
                String code = web3j.ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode();
                if (Numeric.hexStringToByteArray(code).length == 0) {
                    throw new IllegalStateException("EvidenceAnchor was not deployed at " + address);
                }
                return address;
            } finally {
                web3j.shutdown();
            }
        }
    }

    private static void awaitNonce(Web3j web3j, String address, long nonce) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (web3j.ethGetTransactionCount(address, DefaultBlockParameterName.LATEST).send().getTransactionCount().longValueExact() < nonce) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("transaction " + nonce + " of " + address + " was not mined");
            }
            Thread.sleep(50);
        }
    }
}
