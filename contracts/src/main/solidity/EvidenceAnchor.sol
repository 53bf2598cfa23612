// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.37;

/// @title EvidenceAnchor: one Merkle root per evidence batch, per domain, in strict order.
/// @notice Continuity is enforced here as well as off chain: a batch is accepted only when it is
/// the next batch of its domain and its record range starts where the previous one ended, so a
/// lost or duplicated batch can never be anchored silently.
/// @dev Storage is kept to the minimum an auditor needs to read a batch back (gas per anchored
/// record is the figure that matters): one slot per domain for the two counters, one slot for
/// the anchorer, and two slots per batch (packed range + block number, root).
contract EvidenceAnchor {
    /// @dev firstSeq, lastSeq and blockNumber share one storage slot; root takes the second.
    struct Batch {
        uint64 firstSeq;
        uint64 lastSeq;
        uint64 blockNumber;
        bytes32 root;
    }

    /// @dev Both counters in one slot: every anchor reads and writes them together.
    struct Counters {
        uint64 nextBatchSeq;
        uint64 nextFirstSeq;
    }

    address public immutable admin;

    mapping(bytes32 domain => address) private anchorers;
    mapping(bytes32 domain => Counters) private counters;
    mapping(bytes32 domain => mapping(uint64 batchSeq => Batch)) private batches;

    event AnchorerSet(bytes32 indexed domain, address anchorer);
    event Anchored(bytes32 indexed domain, uint64 indexed batchSeq, uint64 firstSeq, uint64 lastSeq, bytes32 root);

    error NotAdmin(address sender);
    error ZeroAddress();
    error NotAnchorer(bytes32 domain, address sender);
    error BatchOutOfOrder(bytes32 domain, uint64 expected, uint64 got);
    error RangeNotContiguous(bytes32 domain, uint64 expectedFirst, uint64 gotFirst);
    error EmptyRange();
    error ZeroRoot();
    error UnknownBatch(bytes32 domain, uint64 batchSeq);

    constructor() {
        admin = msg.sender;
    }

    /// @notice Sets (or replaces) the one wallet allowed to anchor for `domain`.
    function registerDomain(bytes32 domain, address anchorer_) external {
        if (msg.sender != admin) revert NotAdmin(msg.sender);
        if (anchorer_ == address(0)) revert ZeroAddress();
        anchorers[domain] = anchorer_;
        emit AnchorerSet(domain, anchorer_);
    }

    /// @notice Anchors the root of batch `batchSeq`, covering records `firstSeq..lastSeq`.
    function anchor(bytes32 domain, uint64 batchSeq, uint64 firstSeq, uint64 lastSeq, bytes32 root) external {
        if (msg.sender != anchorers[domain]) revert NotAnchorer(domain, msg.sender);
        Counters memory c = counters[domain];
        if (batchSeq != c.nextBatchSeq) revert BatchOutOfOrder(domain, c.nextBatchSeq, batchSeq);
        if (firstSeq != c.nextFirstSeq) revert RangeNotContiguous(domain, c.nextFirstSeq, firstSeq);
        if (lastSeq < firstSeq) revert EmptyRange();
        if (root == bytes32(0)) revert ZeroRoot();
        batches[domain][batchSeq] = Batch(firstSeq, lastSeq, uint64(block.number), root);
        // lastSeq < 2^64 - 1 in any real history; the checked increment reverts rather than wraps.
        counters[domain] = Counters(batchSeq + 1, lastSeq + 1);
        emit Anchored(domain, batchSeq, firstSeq, lastSeq, root);
    }

    function nextBatchSeq(bytes32 domain) external view returns (uint64) {
        return counters[domain].nextBatchSeq;
    }

    function nextFirstSeq(bytes32 domain) external view returns (uint64) {
        return counters[domain].nextFirstSeq;
    }

    function batch(bytes32 domain, uint64 batchSeq)
        external
        view
        returns (uint64 firstSeq, uint64 lastSeq, bytes32 root, uint64 blockNumber)
    {
        Batch memory b = batches[domain][batchSeq];
        if (b.root == bytes32(0)) revert UnknownBatch(domain, batchSeq);
        return (b.firstSeq, b.lastSeq, b.root, b.blockNumber);
    }

    function anchorer(bytes32 domain) external view returns (address) {
        return anchorers[domain];
    }
}
