// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.37;

/// @title AgentRegistry: agents and domain signing keys, with final revocation.
/// @notice Nodes read agents, keys and each domain's revocation epoch from here; the epoch lets a
/// node tell in one call whether anything it cached for a domain may have been revoked since.
/// Each agent carries the enrolment key its domain admin committed at registration (the RFC 7638
/// thumbprint of the agent's Ed25519 public key): a node issues an agent its first certificate only
/// for that key (docs/trust-model.md, "Closed": certificate issuance).
/// Agents are kept per domain: an agent is read under the domain its SPIFFE id names, so a record
/// another domain's admin makes for the same id lands under that other domain and neither occupies
/// nor answers for the id in its own (docs/trust-model.md, "Closed": squatted agent ids).
contract AgentRegistry {
    uint8 public constant STATUS_UNKNOWN = 0;
    uint8 public constant STATUS_ACTIVE = 1;
    uint8 public constant STATUS_REVOKED = 2;

    struct Agent {
        bytes32 domain;
        uint256 capabilities;
        bytes32 modelHash;
        uint8 status;
        uint64 registeredAt;
        uint64 revokedAt;
        bytes32 enrolmentKey;
    }

    struct Key {
        bytes32 publicKey;
        uint64 validFrom;
        uint64 validUntil;
        bool revoked;
    }

    address public immutable admin;

    mapping(bytes32 domain => address) public domainAdmin;
    mapping(bytes32 domain => uint64) private epochs;
    mapping(bytes32 domain => mapping(bytes32 agent => Agent)) private agents;
    mapping(bytes32 domain => mapping(bytes32 keyId => Key)) private keys;
    mapping(bytes32 domain => bytes32[]) private keyIdLists;

    event DomainRegistered(bytes32 indexed domain, address admin);
    event AgentRegistered(
        bytes32 indexed domain, bytes32 indexed agent, uint256 capabilities, bytes32 modelHash, bytes32 enrolmentKey
    );
    event EnrolmentKeySet(bytes32 indexed domain, bytes32 indexed agent, bytes32 enrolmentKey);
    event AgentRevoked(bytes32 indexed domain, bytes32 indexed agent, uint64 epoch, string reason);
    event KeyAdded(bytes32 indexed domain, bytes32 indexed keyId, bytes32 publicKey, uint64 validFrom, uint64 validUntil);
    event KeyRevoked(bytes32 indexed domain, bytes32 indexed keyId, uint64 epoch, string reason);

    error NotAdmin(address sender);
    error ZeroAddress();
    error DomainExists(bytes32 domain);
    error UnknownDomain(bytes32 domain);
    error NotDomainAdmin(bytes32 domain, address sender);
    error AgentExists(bytes32 agent);
    error UnknownAgent(bytes32 domain, bytes32 agent);
    error AgentAlreadyRevoked(bytes32 agent);
    error ZeroKey();
    error InvalidValidity(uint64 validFrom, uint64 validUntil);
    error KeyExists(bytes32 domain, bytes32 keyId);
    error UnknownKey(bytes32 domain, bytes32 keyId);
    error KeyAlreadyRevoked(bytes32 domain, bytes32 keyId);

    constructor() {
        admin = msg.sender;
    }

    modifier onlyDomainAdmin(bytes32 domain) {
        address a = domainAdmin[domain];
        if (a == address(0)) revert UnknownDomain(domain);
        if (msg.sender != a) revert NotDomainAdmin(domain, msg.sender);
        _;
    }

    function registerDomain(bytes32 domain, address domainAdmin_) external {
        if (msg.sender != admin) revert NotAdmin(msg.sender);
        if (domainAdmin_ == address(0)) revert ZeroAddress();
        if (domainAdmin[domain] != address(0)) revert DomainExists(domain);
        domainAdmin[domain] = domainAdmin_;
        emit DomainRegistered(domain, domainAdmin_);
    }

    /// @notice Registers a new agent with the key id it enrols with. An agent id is used once: a
    /// revoked agent cannot come back.
    function registerAgent(bytes32 domain, bytes32 agent_, uint256 capabilities, bytes32 modelHash, bytes32 enrolmentKey)
        external
        onlyDomainAdmin(domain)
    {
        if (agents[domain][agent_].status != STATUS_UNKNOWN) revert AgentExists(agent_);
        if (enrolmentKey == bytes32(0)) revert ZeroKey();
        agents[domain][agent_] = Agent(domain, capabilities, modelHash, STATUS_ACTIVE, uint64(block.timestamp), 0, enrolmentKey);
        emit AgentRegistered(domain, agent_, capabilities, modelHash, enrolmentKey);
    }

    /// @notice Replaces an active agent's enrolment key (the old one lost or exposed). Certificates
    /// already issued are untouched: revoke them in the domain's ledger.
    function setEnrolmentKey(bytes32 domain, bytes32 agent_, bytes32 enrolmentKey) external onlyDomainAdmin(domain) {
        Agent storage a = agents[domain][agent_];
        if (a.status == STATUS_UNKNOWN) revert UnknownAgent(domain, agent_);
        if (a.status == STATUS_REVOKED) revert AgentAlreadyRevoked(agent_);
        if (enrolmentKey == bytes32(0)) revert ZeroKey();
        a.enrolmentKey = enrolmentKey;
        emit EnrolmentKeySet(domain, agent_, enrolmentKey);
    }

    function revokeAgent(bytes32 domain, bytes32 agent_, string calldata reason) external onlyDomainAdmin(domain) {
        Agent storage a = agents[domain][agent_];
        if (a.status == STATUS_UNKNOWN) revert UnknownAgent(domain, agent_);
        if (a.status == STATUS_REVOKED) revert AgentAlreadyRevoked(agent_);
        a.status = STATUS_REVOKED;
        a.revokedAt = uint64(block.timestamp);
        uint64 epoch = ++epochs[domain];
        emit AgentRevoked(domain, agent_, epoch, reason);
    }

    /// @notice The agent `agent_` as its domain `domain_` registered it: all zeros (status unknown) when
    /// that domain's admin never registered it, whatever another domain registered under the same id.
    function agent(bytes32 domain_, bytes32 agent_)
        external
        view
        returns (
            bytes32 domain,
            uint256 capabilities,
            bytes32 modelHash,
            uint8 status,
            uint64 registeredAt,
            uint64 revokedAt,
            bytes32 enrolmentKey
        )
    {
        Agent storage a = agents[domain_][agent_];
        return (a.domain, a.capabilities, a.modelHash, a.status, a.registeredAt, a.revokedAt, a.enrolmentKey);
    }

    /// @notice Adds a domain signing key (Ed25519 public key) valid in [validFrom, validUntil) seconds.
    function addKey(bytes32 domain, bytes32 keyId, bytes32 publicKey, uint64 validFrom, uint64 validUntil)
        external
        onlyDomainAdmin(domain)
    {
        if (publicKey == bytes32(0)) revert ZeroKey();
        if (validUntil <= validFrom) revert InvalidValidity(validFrom, validUntil);
        if (keys[domain][keyId].publicKey != bytes32(0)) revert KeyExists(domain, keyId);
        keys[domain][keyId] = Key(publicKey, validFrom, validUntil, false);
        keyIdLists[domain].push(keyId);
        emit KeyAdded(domain, keyId, publicKey, validFrom, validUntil);
    }

    function revokeKey(bytes32 domain, bytes32 keyId, string calldata reason) external onlyDomainAdmin(domain) {
        Key storage k = keys[domain][keyId];
        if (k.publicKey == bytes32(0)) revert UnknownKey(domain, keyId);
        if (k.revoked) revert KeyAlreadyRevoked(domain, keyId);
        k.revoked = true;
        uint64 epoch = ++epochs[domain];
        emit KeyRevoked(domain, keyId, epoch, reason);
    }

    /// @notice An unknown key reads as all zeros (publicKey == 0).
    function key(bytes32 domain, bytes32 keyId)
        external
        view
        returns (bytes32 publicKey, uint64 validFrom, uint64 validUntil, bool revoked)
    {
        Key storage k = keys[domain][keyId];
        return (k.publicKey, k.validFrom, k.validUntil, k.revoked);
    }

    function keyIds(bytes32 domain) external view returns (bytes32[] memory) {
        return keyIdLists[domain];
    }

    function revocationEpoch(bytes32 domain) external view returns (uint64) {
        return epochs[domain];
    }
}
