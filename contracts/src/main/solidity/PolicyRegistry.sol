// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.37;

/// @title PolicyRegistry — every domain's policy, owned by a k-of-n multisig behind a timelock.
/// @notice A change is proposed by an owner (which counts as its approval), approved by further
/// owners, and executed by anyone once `threshold` owners approved and `delay` seconds passed, so
/// every node and counterparty can see a policy coming before it is in force. The document is
/// `abi.encode(PolicyDocument)`; `rulesHash` is the SHA-256 of the Java `PolicyCanonicalForm`
/// rendering, supplied by the proposer and checked by every node that decodes the document.
///
/// `evaluateDocument`/`evaluate` decide a proposal exactly as the Java `PolicyEvaluator` does
/// (decision as the protobuf `Decision` number, reason codes in the evaluator's order). Budgets
/// (rate, spend) and drift predicates are carried for the node and not decided here. One feature is
/// not expressible on chain: a time window in a zone with daylight-saving (non-fixed-offset) rules,
/// because the chain has no time-zone database; `evaluate` refuses such a document with
/// `UnsupportedOnChain` instead of answering. Strings compare as UTF-8 bytes, which agrees with
/// Java's string comparison for well-formed Unicode text.
contract PolicyRegistry {
    // ---------------------------------------------------------------- document

    /// One parameter bound; decimals are plain-decimal strings (`-?[0-9]+(\.[0-9]+)?`).
    struct Bound {
        string name;
        bool required;
        bool hasMinimum;
        string minimum;
        bool hasMaximum;
        string maximum;
        string[] oneOf;
    }

    /// A target and the operations allowed on it.
    struct Target {
        string name;
        string[] operations;
    }

    /// `dayMask` bit i = ISO day i+1 (bit 0 Monday .. bit 6 Sunday); times are nanoseconds of the
    /// local day; `zone` is the Java zone id, `offsetSeconds` its offset when `fixedOffset`.
    struct TimeWindow {
        uint8 dayMask;
        uint64 fromNanoOfDay;
        uint64 toNanoOfDay;
        string zone;
        bool fixedOffset;
        int32 offsetSeconds;
    }

    struct Rate {
        bool present;
        uint64 max;
        uint64 periodMillis;
    }

    struct Spend {
        bool present;
        string parameter;
        string max;
        uint64 periodMillis;
    }

    struct Approval {
        bool present;
        bool hasParameter;
        string parameter;
        string above;
        bool hasRiskAtLeast;
        uint8 riskAtLeast;
    }

    /// `op` is the protobuf `DriftPredicate.Op` number; `value` is the fixed value, or the
    /// parameter name when `fromParameter`.
    struct Drift {
        string observable;
        uint8 op;
        bool fromParameter;
        string value;
    }

    /// `agentKind` 0 = exact SPIFFE id, 1 = agent class (glob, `*` = any run without `/#?`).
    struct Rule {
        string name;
        uint8 agentKind;
        string agentPattern;
        Target[] targets;
        Bound[] parameters;
        bool allowUndeclaredParameters;
        bool hasRiskCeiling;
        uint8 riskCeiling;
        string[] classifications;
        TimeWindow[] timeWindows;
        Rate rate;
        Spend spend;
        Approval approval;
        uint32 windowSeconds;
        Drift[] drift;
        /// The risk the policy assigns to the rule's actions: the rule acts on the higher of this
        /// and the agent's own score, so an agent cannot talk its risk down.
        bool hasRisk;
        uint8 risk;
    }

    struct PolicyDocument {
        string domain;
        uint64 version;
        uint64 minimumWritVersion;
        Rule[] rules;
    }

    /// The proposal fields the evaluator reads. `parameterNames` must be strictly ascending by
    /// UTF-8 bytes (one value per name), `parameterValues` parallel to it.
    struct Proposal {
        string agentId;
        string target;
        string operation;
        string[] parameterNames;
        string[] parameterValues;
        string actionClassification;
        string dataClassification;
        uint32 riskScore;
    }

    uint8 public constant ALLOW = 1;
    uint8 public constant DENY = 2;
    uint8 public constant ESCALATE = 3;

    // ---------------------------------------------------------------- governance state

    struct Change {
        bytes32 domain;
        uint64 version;
        bytes32 rulesHash;
        uint64 eta;
        uint32 approvals;
        bool executed;
        bool cancelled;
        bytes document;
    }

    struct Policy {
        uint64 version;
        uint64 epoch;
        bytes32 rulesHash;
        bytes document;
        uint64 changedAtBlock;
    }

    address[] private _owners;
    mapping(address => bool) public isOwner;
    uint256 public immutable threshold;
    uint256 public immutable delay;
    uint256 public changeCount;
    mapping(uint256 => Change) private _changes;
    mapping(uint256 => mapping(address => bool)) public approvedBy;
    mapping(bytes32 => Policy) private _policies;

    error InvalidOwners();
    error InvalidThreshold(uint256 threshold, uint256 owners);
    error NotOwner(address sender);
    error UnknownChange(uint256 changeId);
    error ChangeClosed(uint256 changeId);
    error AlreadyApproved(uint256 changeId, address owner);
    error ThresholdNotMet(uint256 changeId, uint256 approvals, uint256 threshold);
    error TimelockActive(uint256 changeId, uint64 eta, uint256 nowSeconds);
    error VersionNotIncreasing(bytes32 domain, uint64 current, uint64 proposed);
    error DomainMismatch(bytes32 domain, bytes32 documentDomain);
    error ZeroRulesHash();
    error NoPolicy(bytes32 domain);
    error UnsupportedOnChain(uint256 ruleIndex, string feature);
    error InvalidDocument(uint256 ruleIndex, string problem);
    error InvalidProposal(string problem);

    event ChangeProposed(uint256 indexed changeId, bytes32 indexed domain, uint64 version, bytes32 rulesHash, uint64 eta);
    event ChangeApproved(uint256 indexed changeId, address indexed owner, uint256 approvals);
    event ChangeCancelled(uint256 indexed changeId, address indexed owner);
    event PolicyChanged(bytes32 indexed domain, uint64 version, uint64 epoch, bytes32 rulesHash);

    modifier onlyOwner() {
        if (!isOwner[msg.sender]) revert NotOwner(msg.sender);
        _;
    }

    constructor(address[] memory owners_, uint256 threshold_, uint256 delaySeconds) {
        if (owners_.length == 0) revert InvalidOwners();
        for (uint256 i = 0; i < owners_.length; i++) {
            address o = owners_[i];
            if (o == address(0) || isOwner[o]) revert InvalidOwners();
            isOwner[o] = true;
        }
        if (threshold_ == 0 || threshold_ > owners_.length) revert InvalidThreshold(threshold_, owners_.length);
        _owners = owners_;
        threshold = threshold_;
        delay = delaySeconds;
    }

    function owners() external view returns (address[] memory) {
        return _owners;
    }

    /// Proposes `document` for `domain`; the proposer's approval counts.
    function propose(bytes32 domain, bytes calldata document, bytes32 rulesHash)
        external onlyOwner returns (uint256 changeId)
    {
        if (rulesHash == bytes32(0)) revert ZeroRulesHash();
        PolicyDocument memory doc = abi.decode(document, (PolicyDocument));
        bytes32 documentDomain = keccak256(bytes(doc.domain));
        if (documentDomain != domain) revert DomainMismatch(domain, documentDomain);
        changeId = changeCount++;
        Change storage c = _changes[changeId];
        c.domain = domain;
        c.version = doc.version;
        c.rulesHash = rulesHash;
        c.eta = uint64(block.timestamp + delay);
        c.approvals = 1;
        c.document = document;
        approvedBy[changeId][msg.sender] = true;
        emit ChangeProposed(changeId, domain, doc.version, rulesHash, c.eta);
        emit ChangeApproved(changeId, msg.sender, 1);
    }

    function approve(uint256 changeId) external onlyOwner {
        Change storage c = _open(changeId);
        if (approvedBy[changeId][msg.sender]) revert AlreadyApproved(changeId, msg.sender);
        approvedBy[changeId][msg.sender] = true;
        c.approvals += 1;
        emit ChangeApproved(changeId, msg.sender, c.approvals);
    }

    function cancel(uint256 changeId) external onlyOwner {
        Change storage c = _open(changeId);
        c.cancelled = true;
        emit ChangeCancelled(changeId, msg.sender);
    }

    /// Puts an approved change in force once its timelock has run out; anyone may call it.
    function execute(uint256 changeId) external {
        Change storage c = _open(changeId);
        if (c.approvals < threshold) revert ThresholdNotMet(changeId, c.approvals, threshold);
        if (block.timestamp < c.eta) revert TimelockActive(changeId, c.eta, block.timestamp);
        Policy storage p = _policies[c.domain];
        if (c.version <= p.version && p.epoch > 0) revert VersionNotIncreasing(c.domain, p.version, c.version);
        c.executed = true;
        p.version = c.version;
        p.epoch += 1;
        p.rulesHash = c.rulesHash;
        p.document = c.document;
        p.changedAtBlock = uint64(block.number);
        emit PolicyChanged(c.domain, p.version, p.epoch, p.rulesHash);
    }

    function change(uint256 changeId) external view returns (
        bytes32 domain, uint64 version, bytes32 rulesHash, uint64 eta, uint32 approvals,
        bool executed, bool cancelled, bytes memory document
    ) {
        if (changeId >= changeCount) revert UnknownChange(changeId);
        Change storage c = _changes[changeId];
        return (c.domain, c.version, c.rulesHash, c.eta, c.approvals, c.executed, c.cancelled, c.document);
    }

    /// The policy in force; epoch 0 means the domain never had one.
    function policy(bytes32 domain) external view returns (
        uint64 version, uint64 epoch, bytes32 rulesHash, bytes memory document, uint64 changedAtBlock
    ) {
        Policy storage p = _policies[domain];
        return (p.version, p.epoch, p.rulesHash, p.document, p.changedAtBlock);
    }

    function _open(uint256 changeId) private view returns (Change storage c) {
        if (changeId >= changeCount) revert UnknownChange(changeId);
        c = _changes[changeId];
        if (c.executed || c.cancelled) revert ChangeClosed(changeId);
    }

    // ---------------------------------------------------------------- evaluation

    /// Decides `p` against the domain's policy in force at `nowSeconds` (Unix seconds).
    function evaluate(bytes32 domain, Proposal memory p, uint64 nowSeconds)
        external view returns (uint8 decision, string[] memory reasons)
    {
        Policy storage stored = _policies[domain];
        if (stored.epoch == 0) revert NoPolicy(domain);
        return _evaluate(abi.decode(stored.document, (PolicyDocument)), p, nowSeconds);
    }

    /// Decides `p` against `document` (`abi.encode(PolicyDocument)`) at `nowSeconds`.
    function evaluateDocument(bytes memory document, Proposal memory p, uint64 nowSeconds)
        external pure returns (uint8 decision, string[] memory reasons)
    {
        return _evaluate(abi.decode(document, (PolicyDocument)), p, nowSeconds);
    }

    /// Reason codes collected in order; `codes` is sized for the worst case and trimmed at the end.
    struct Reasons {
        string[] codes;
        uint256 count;
    }

    function _evaluate(PolicyDocument memory doc, Proposal memory p, uint64 nowSeconds)
        private pure returns (uint8, string[] memory)
    {
        _requireExpressible(doc);
        _requireWellFormed(p);
        bytes memory agent = bytes(p.agentId);
        for (uint256 i = 0; i < doc.rules.length; i++) {
            if (_agentMatches(doc.rules[i], agent)) {
                return _decide(doc.rules[i], i, p, nowSeconds);
            }
        }
        return (DENY, _single("NO_POLICY_FOR_AGENT"));
    }

    function _decide(Rule memory rule, uint256 ruleIndex, Proposal memory p, uint64 nowSeconds)
        private pure returns (uint8, string[] memory)
    {
        Reasons memory out = Reasons(new string[](2 * rule.parameters.length + p.parameterNames.length + 6), 0);
        if (rule.hasRisk && p.riskScore < rule.risk) {
            p.riskScore = rule.risk; // what the policy sees, when the agent reports less
        }
        _checkTarget(rule, p, out);
        _checkParameters(rule, p, out);
        _checkRisk(rule, p.riskScore, out);
        _checkClassifications(rule, p, out);
        _checkTimeWindows(rule, nowSeconds, out);
        if (out.count > 0) {
            return (DENY, _trim(out));
        }
        _approvals(rule, ruleIndex, p, out);
        if (out.count > 0) {
            return (ESCALATE, _trim(out));
        }
        return (ALLOW, _single("WITHIN_POLICY"));
    }

    function _checkTarget(Rule memory rule, Proposal memory p, Reasons memory out) private pure {
        bytes32 target = keccak256(bytes(p.target));
        for (uint256 i = 0; i < rule.targets.length; i++) {
            if (keccak256(bytes(rule.targets[i].name)) == target) {
                if (!_contains(rule.targets[i].operations, p.operation)) {
                    _add(out, "OPERATION_NOT_ALLOWED");
                }
                return;
            }
        }
        _add(out, "TARGET_NOT_ALLOWED");
    }

    function _checkParameters(Rule memory rule, Proposal memory p, Reasons memory out) private pure {
        for (uint256 i = 0; i < rule.parameters.length; i++) {
            _checkBound(rule.parameters[i], p, out);
        }
        if (!rule.allowUndeclaredParameters) {
            for (uint256 i = 0; i < p.parameterNames.length; i++) {
                if (!_declares(rule, p.parameterNames[i])) {
                    _add(out, "PARAMETER_NOT_ALLOWED");
                }
            }
        }
    }

    function _checkBound(Bound memory bound, Proposal memory p, Reasons memory out) private pure {
        (bool present, string memory value) = _parameter(p, bound.name);
        if (!present) {
            if (bound.required) _add(out, "PARAMETER_MISSING");
            return;
        }
        if (bound.hasMinimum || bound.hasMaximum) {
            if (!_isPlainDecimal(bytes(value), true)) {
                _add(out, "PARAMETER_NOT_NUMERIC");
            } else {
                if (bound.hasMaximum && _compareDecimal(bytes(value), bytes(bound.maximum)) > 0) {
                    _add(out, "PARAMETER_ABOVE_MAXIMUM");
                }
                if (bound.hasMinimum && _compareDecimal(bytes(value), bytes(bound.minimum)) < 0) {
                    _add(out, "PARAMETER_BELOW_MINIMUM");
                }
            }
        }
        if (bound.oneOf.length > 0 && !_contains(bound.oneOf, value)) {
            _add(out, "PARAMETER_NOT_ALLOWED");
        }
    }

    function _checkRisk(Rule memory rule, uint32 risk, Reasons memory out) private pure {
        if (risk > 100 || (rule.hasRiskCeiling && risk > rule.riskCeiling)) {
            _add(out, "RISK_ABOVE_CEILING");
        }
    }

    function _checkClassifications(Rule memory rule, Proposal memory p, Reasons memory out) private pure {
        if (rule.classifications.length == 0) return;
        if (bytes(p.actionClassification).length > 0 && !_contains(rule.classifications, p.actionClassification)) {
            _add(out, "CLASSIFICATION_NOT_ALLOWED");
        }
        if (bytes(p.dataClassification).length > 0 && !_contains(rule.classifications, p.dataClassification)) {
            _add(out, "CLASSIFICATION_NOT_ALLOWED");
        }
    }

    function _checkTimeWindows(Rule memory rule, uint64 nowSeconds, Reasons memory out) private pure {
        if (rule.timeWindows.length == 0) return;
        for (uint256 i = 0; i < rule.timeWindows.length; i++) {
            if (_windowContains(rule.timeWindows[i], nowSeconds)) return;
        }
        _add(out, "OUTSIDE_TIME_WINDOW");
    }

    /// As Java `TimeWindow.contains` for a fixed-offset zone: local day and time from the offset;
    /// a window whose `to` is not after `from` runs over midnight from a day in `dayMask`.
    function _windowContains(TimeWindow memory w, uint64 nowSeconds) private pure returns (bool) {
        int256 local = int256(uint256(nowSeconds)) + int256(w.offsetSeconds);
        int256 epochDay = local / 86400;
        if (local % 86400 < 0) epochDay -= 1; // floor division for instants before the local epoch
        uint256 nano = uint256(local - epochDay * 86400) * 1e9;
        uint256 day = uint256((epochDay % 7 + 7 + 3) % 7); // 1970-01-01 was a Thursday (index 3)
        bool today = (w.dayMask >> day) & 1 == 1;
        if (w.fromNanoOfDay < w.toNanoOfDay) {
            return today && nano >= w.fromNanoOfDay && nano < w.toNanoOfDay;
        }
        bool yesterday = (w.dayMask >> ((day + 6) % 7)) & 1 == 1;
        return (today && nano >= w.fromNanoOfDay) || (yesterday && nano < w.toNanoOfDay);
    }

    function _approvals(Rule memory rule, uint256 ruleIndex, Proposal memory p, Reasons memory out) private pure {
        Approval memory a = rule.approval;
        if (!a.present) return;
        if (a.hasParameter) {
            (bool present, string memory value) = _parameter(p, a.parameter);
            // a valid rule declares the approval parameter required and numeric, so a proposal
            // that got this far carries it as a plain decimal
            if (!present || !_isPlainDecimal(bytes(value), true)) {
                revert InvalidDocument(ruleIndex, "approval parameter is not a required numeric parameter");
            }
            if (_compareDecimal(bytes(value), bytes(a.above)) > 0) _add(out, "APPROVAL_REQUIRED");
        }
        if (a.hasRiskAtLeast && p.riskScore >= a.riskAtLeast) _add(out, "APPROVAL_REQUIRED");
    }

    /// Refuses a document this contract cannot decide exactly, and bounds it cannot compare.
    function _requireExpressible(PolicyDocument memory doc) private pure {
        for (uint256 i = 0; i < doc.rules.length; i++) {
            Rule memory rule = doc.rules[i];
            for (uint256 j = 0; j < rule.timeWindows.length; j++) {
                if (!rule.timeWindows[j].fixedOffset) {
                    revert UnsupportedOnChain(i, "time window in a zone with daylight-saving rules");
                }
            }
            for (uint256 j = 0; j < rule.parameters.length; j++) {
                Bound memory b = rule.parameters[j];
                if ((b.hasMinimum && !_isPlainDecimal(bytes(b.minimum), false))
                    || (b.hasMaximum && !_isPlainDecimal(bytes(b.maximum), false))) {
                    revert InvalidDocument(i, "parameter bound is not a plain decimal");
                }
            }
            if (rule.approval.present && rule.approval.hasParameter && !_isPlainDecimal(bytes(rule.approval.above), false)) {
                revert InvalidDocument(i, "approval threshold is not a plain decimal");
            }
            if (rule.agentKind > 1) revert InvalidDocument(i, "unknown agent matcher kind");
            if (rule.hasRisk && rule.risk > 100) revert InvalidDocument(i, "risk is outside 0..100");
        }
    }

    function _requireWellFormed(Proposal memory p) private pure {
        if (p.parameterNames.length != p.parameterValues.length) revert InvalidProposal("parameter names and values differ in count");
        for (uint256 i = 1; i < p.parameterNames.length; i++) {
            if (_compareBytes(bytes(p.parameterNames[i - 1]), bytes(p.parameterNames[i])) >= 0) {
                revert InvalidProposal("parameter names are not strictly ascending");
            }
        }
    }

    // ---------------------------------------------------------------- matching helpers

    function _agentMatches(Rule memory rule, bytes memory agent) private pure returns (bool) {
        bytes memory pattern = bytes(rule.agentPattern);
        if (rule.agentKind == 0) return keccak256(pattern) == keccak256(agent);
        return _globMatches(pattern, agent);
    }

    /// Glob match by NFA simulation: `reach[j]` = the pattern prefix of length j can match the
    /// agent prefix read so far. `*` consumes any byte except `/`, `#`, `?`; all else is literal.
    /// Byte-wise matching equals Java's char-wise regex for well-formed UTF-8, since the excluded
    /// characters are ASCII and never occur inside a multi-byte sequence.
    function _globMatches(bytes memory pattern, bytes memory agent) private pure returns (bool) {
        uint256 m = pattern.length;
        bool[] memory reach = new bool[](m + 1);
        reach[0] = true;
        _closeOverStars(pattern, reach);
        for (uint256 i = 0; i < agent.length; i++) {
            bytes1 c = agent[i];
            bool free = c != "/" && c != "#" && c != "?";
            bool[] memory next = new bool[](m + 1);
            bool any = false;
            for (uint256 j = 0; j < m; j++) {
                if (!reach[j]) continue;
                if (pattern[j] == "*") {
                    if (free) { next[j] = true; any = true; }
                } else if (pattern[j] == c) {
                    next[j + 1] = true;
                    any = true;
                }
            }
            if (!any) return false;
            _closeOverStars(pattern, next);
            reach = next;
        }
        return reach[m];
    }

    /// A star may match nothing: whoever reaches a star also reaches the position after it.
    function _closeOverStars(bytes memory pattern, bool[] memory reach) private pure {
        for (uint256 j = 0; j < pattern.length; j++) {
            if (reach[j] && pattern[j] == "*") reach[j + 1] = true;
        }
    }

    function _parameter(Proposal memory p, string memory name) private pure returns (bool, string memory) {
        bytes32 key = keccak256(bytes(name));
        for (uint256 i = 0; i < p.parameterNames.length; i++) {
            if (keccak256(bytes(p.parameterNames[i])) == key) return (true, p.parameterValues[i]);
        }
        return (false, "");
    }

    function _declares(Rule memory rule, string memory name) private pure returns (bool) {
        bytes32 key = keccak256(bytes(name));
        for (uint256 i = 0; i < rule.parameters.length; i++) {
            if (keccak256(bytes(rule.parameters[i].name)) == key) return true;
        }
        return false;
    }

    function _contains(string[] memory set, string memory value) private pure returns (bool) {
        bytes32 key = keccak256(bytes(value));
        for (uint256 i = 0; i < set.length; i++) {
            if (keccak256(bytes(set[i])) == key) return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- plain decimals

    /// `-?[0-9]+(\.[0-9]+)?`, and at most 64 bytes when `limited` (Java `PlainDecimal.parse`
    /// refuses longer proposal values; policy bounds have no such limit).
    function _isPlainDecimal(bytes memory s, bool limited) private pure returns (bool) {
        uint256 n = s.length;
        if (n == 0 || (limited && n > 64)) return false;
        uint256 i = s[0] == "-" ? 1 : 0;
        uint256 digits = _digitRun(s, i);
        if (digits == 0) return false;
        i += digits;
        if (i == n) return true;
        if (s[i] != ".") return false;
        uint256 fraction = _digitRun(s, i + 1);
        return fraction > 0 && i + 1 + fraction == n;
    }

    function _digitRun(bytes memory s, uint256 from) private pure returns (uint256 count) {
        while (from + count < s.length && s[from + count] >= "0" && s[from + count] <= "9") count++;
    }

    /// Exact comparison of two plain decimals of any length (-1, 0, 1), on their digit strings:
    /// leading integer zeros and trailing fraction zeros do not count, and -0 equals 0.
    function _compareDecimal(bytes memory a, bytes memory b) private pure returns (int256) {
        Digits memory x = _digits(a);
        Digits memory y = _digits(b);
        int256 sx = _sign(x);
        int256 sy = _sign(y);
        if (sx != sy) return sx < sy ? int256(-1) : int256(1);
        if (sx == 0) return 0;
        int256 magnitude = _compareMagnitude(a, x, b, y);
        return sx > 0 ? magnitude : -magnitude;
    }

    /// Significant digit ranges: integer part [intFrom, intTo), fraction [fracFrom, fracTo).
    struct Digits {
        bool negative;
        uint256 intFrom;
        uint256 intTo;
        uint256 fracFrom;
        uint256 fracTo;
    }

    function _digits(bytes memory s) private pure returns (Digits memory d) {
        d.negative = s[0] == "-";
        d.intFrom = d.negative ? 1 : 0;
        d.intTo = d.intFrom + _digitRun(s, d.intFrom);
        while (d.intFrom < d.intTo && s[d.intFrom] == "0") d.intFrom++;
        d.fracFrom = d.intTo < s.length ? d.intTo + 1 : d.intTo;
        d.fracTo = s.length;
        while (d.fracTo > d.fracFrom && s[d.fracTo - 1] == "0") d.fracTo--;
    }

    function _sign(Digits memory d) private pure returns (int256) {
        if (d.intFrom == d.intTo && d.fracFrom == d.fracTo) return 0;
        return d.negative ? int256(-1) : int256(1);
    }

    function _compareMagnitude(bytes memory a, Digits memory x, bytes memory b, Digits memory y)
        private pure returns (int256)
    {
        uint256 xl = x.intTo - x.intFrom;
        uint256 yl = y.intTo - y.intFrom;
        if (xl != yl) return xl < yl ? int256(-1) : int256(1);
        for (uint256 i = 0; i < xl; i++) {
            bytes1 ca = a[x.intFrom + i];
            bytes1 cb = b[y.intFrom + i];
            if (ca != cb) return ca < cb ? int256(-1) : int256(1);
        }
        uint256 xf = x.fracTo - x.fracFrom;
        uint256 yf = y.fracTo - y.fracFrom;
        uint256 longest = xf > yf ? xf : yf;
        for (uint256 i = 0; i < longest; i++) {
            bytes1 ca = i < xf ? a[x.fracFrom + i] : bytes1("0");
            bytes1 cb = i < yf ? b[y.fracFrom + i] : bytes1("0");
            if (ca != cb) return ca < cb ? int256(-1) : int256(1);
        }
        return 0;
    }

    // ---------------------------------------------------------------- small helpers

    function _compareBytes(bytes memory a, bytes memory b) private pure returns (int256) {
        uint256 n = a.length < b.length ? a.length : b.length;
        for (uint256 i = 0; i < n; i++) {
            if (a[i] != b[i]) return a[i] < b[i] ? int256(-1) : int256(1);
        }
        if (a.length == b.length) return 0;
        return a.length < b.length ? int256(-1) : int256(1);
    }

    function _add(Reasons memory out, string memory code) private pure {
        out.codes[out.count++] = code;
    }

    function _trim(Reasons memory out) private pure returns (string[] memory codes) {
        codes = out.codes;
        uint256 count = out.count;
        assembly {
            mstore(codes, count)
        }
    }

    function _single(string memory code) private pure returns (string[] memory codes) {
        codes = new string[](1);
        codes[0] = code;
    }
}
