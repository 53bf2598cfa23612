package dev.writ.contracts.chain;

import static dev.writ.contracts.chain.EvidenceAnchorIT.catchRevert;
import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.contracts.devchain.DevAccounts;
import dev.writ.contracts.devchain.DevChain;
import dev.writ.contracts.devchain.DevChainOptions;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/** AgentRegistry on a real anvil: agents, keys, final revocation and the revocation epoch. */
class AgentRegistryIT {
  @TempDir static Path work;
  static DevChain chain;
  static AgentRegistryContract registry;
  static final Credentials ADMIN = DevAccounts.account(3);
  static final Credentials OTHER_ADMIN = DevAccounts.account(4);

  @BeforeAll
  static void startChain() {
    chain = DevChain.start(DevChainOptions.of(work, List.of("alpha")).automine());
    registry = new AgentRegistryContract(chain.client(), chain.config().contract(AgentRegistryContract.NAME));
  }

  @AfterAll
  static void stopChain() {
    if (chain != null) {
      chain.close();
    }
  }

  static Bytes32 freshDomain(Credentials admin) {
    Bytes32 domain = Bytes32.keccakOf("domain-" + UUID.randomUUID());
    registry.registerDomain(DevAccounts.deployer(), domain, admin.getAddress());
    return domain;
  }

  static Bytes32 agentId() {
    return Bytes32.keccakOf("spiffe://writ.dev/agent/" + UUID.randomUUID());
  }

  @Test
  void theLauncherRegisteredItsDomainsWithTheirAdmins() {
    ChainConfig.DomainAccounts alpha = chain.config().domain("alpha");
    assertThat(alpha.domainId()).isEqualTo(Bytes32.keccakOf("alpha"));
    assertThat(registry.domainAdmin(alpha.domainId())).isEqualToIgnoringCase(alpha.admin().address());
  }

  static final Bytes32 ENROLMENT_KEY = Bytes32.keccakOf("enrolment-key");

  @Test
  void anAgentRegistersAndItsRevocationIsFinalAndBumpsTheEpoch() {
    Bytes32 domain = freshDomain(ADMIN);
    Bytes32 agent = agentId();
    Bytes32 model = Bytes32.keccakOf("model-v1");

    registry.registerAgent(ADMIN, domain, agent, BigInteger.valueOf(0b101), model, ENROLMENT_KEY);
    RegisteredAgent active = registry.agent(domain, agent);
    assertThat(active.status()).isEqualTo(RegisteredAgent.Status.ACTIVE);
    assertThat(active.domain()).isEqualTo(domain);
    assertThat(active.capabilities()).isEqualTo(BigInteger.valueOf(5));
    assertThat(active.modelHash()).isEqualTo(model);
    assertThat(active.enrolmentKey()).isEqualTo(ENROLMENT_KEY);
    assertThat(active.registeredAt()).isPositive();
    assertThat(active.revokedAt()).isZero();
    assertThat(registry.revocationEpoch(domain)).isZero();

    registry.revokeAgent(ADMIN, domain, agent, "compromised");
    RegisteredAgent revoked = registry.agent(domain, agent);
    assertThat(revoked.status()).isEqualTo(RegisteredAgent.Status.REVOKED);
    assertThat(revoked.revokedAt()).isGreaterThanOrEqualTo(active.registeredAt());
    assertThat(registry.revocationEpoch(domain)).isEqualTo(1);

    assertThat(catchRevert(() -> registry.revokeAgent(ADMIN, domain, agent, "again")).error())
        .isEqualTo("AgentAlreadyRevoked");
    assertThat(catchRevert(() -> registry.registerAgent(ADMIN, domain, agent, BigInteger.ONE, model, ENROLMENT_KEY))
        .error()).isEqualTo("AgentExists");
    assertThat(catchRevert(() -> registry.setEnrolmentKey(ADMIN, domain, agent, ENROLMENT_KEY)).error())
        .isEqualTo("AgentAlreadyRevoked");
    assertThat(registry.revocationEpoch(domain)).isEqualTo(1);
    assertThat(registry.agent(domain, agentId()).status()).isEqualTo(RegisteredAgent.Status.UNKNOWN);
  }

  @Test
  void anAgentNeedsAnEnrolmentKeyWhichOnlyItsDomainAdminReplaces() {
    Bytes32 domain = freshDomain(ADMIN);
    Bytes32 otherDomain = freshDomain(OTHER_ADMIN);
    Bytes32 agent = agentId();
    Bytes32 model = Bytes32.keccakOf("m");
    Bytes32 zero = new Bytes32(new byte[32]);

    assertThat(catchRevert(() -> registry.registerAgent(ADMIN, domain, agent, BigInteger.ONE, model, zero)).error())
        .isEqualTo("ZeroKey");
    registry.registerAgent(ADMIN, domain, agent, BigInteger.ONE, model, ENROLMENT_KEY);
    Bytes32 next = Bytes32.keccakOf("next-enrolment-key");
    assertThat(catchRevert(() -> registry.setEnrolmentKey(OTHER_ADMIN, domain, agent, next)).error())
        .isEqualTo("NotDomainAdmin");
    assertThat(catchRevert(() -> registry.setEnrolmentKey(OTHER_ADMIN, otherDomain, agent, next)).error())
        .isEqualTo("UnknownAgent");
    assertThat(catchRevert(() -> registry.setEnrolmentKey(ADMIN, domain, agent, zero)).error()).isEqualTo("ZeroKey");
    registry.setEnrolmentKey(ADMIN, domain, agent, next);
    assertThat(registry.agent(domain, agent).enrolmentKey()).isEqualTo(next);
  }

  @Test
  void onlyTheDomainAdminManagesItsAgents() {
    Bytes32 domain = freshDomain(ADMIN);
    Bytes32 otherDomain = freshDomain(OTHER_ADMIN);
    Bytes32 agent = agentId();
    Bytes32 model = Bytes32.keccakOf("m");

    ContractRevert notAdmin = catchRevert(
        () -> registry.registerAgent(OTHER_ADMIN, domain, agent, BigInteger.ONE, model, ENROLMENT_KEY));
    assertThat(notAdmin.error()).isEqualTo("NotDomainAdmin");
    assertThat((String) notAdmin.argument(1)).isEqualToIgnoringCase(OTHER_ADMIN.getAddress());

    registry.registerAgent(ADMIN, domain, agent, BigInteger.ONE, model, ENROLMENT_KEY);
    assertThat(catchRevert(() -> registry.revokeAgent(OTHER_ADMIN, domain, agent, "x")).error())
        .isEqualTo("NotDomainAdmin");
    // the other domain's admin cannot revoke it through its own domain either
    assertThat(catchRevert(() -> registry.revokeAgent(OTHER_ADMIN, otherDomain, agent, "x")).error())
        .isEqualTo("UnknownAgent");
    assertThat(catchRevert(() -> registry.registerAgent(ADMIN, Bytes32.keccakOf("nowhere-" + UUID.randomUUID()),
        agentId(), BigInteger.ONE, model, ENROLMENT_KEY)).error()).isEqualTo("UnknownDomain");
    assertThat(registry.agent(domain, agent).status()).isEqualTo(RegisteredAgent.Status.ACTIVE);
  }

  @Test
  void anotherDomainsRegistrationOfAnIdNeitherOccupiesItNorAnswersForItInItsOwnDomain() {
    Bytes32 acme = freshDomain(ADMIN);
    Bytes32 squatter = freshDomain(OTHER_ADMIN);
    Bytes32 agent = agentId();
    Bytes32 model = Bytes32.keccakOf("m");

    // the other domain's admin registers the id first, with an enrolment key of its own
    registry.registerAgent(OTHER_ADMIN, squatter, agent, BigInteger.ONE, model, Bytes32.keccakOf("squatter-key"));
    assertThat(registry.agent(acme, agent).status()).as("nothing under the id's own domain")
        .isEqualTo(RegisteredAgent.Status.UNKNOWN);

    registry.registerAgent(ADMIN, acme, agent, BigInteger.ONE, model, ENROLMENT_KEY);
    RegisteredAgent own = registry.agent(acme, agent);
    assertThat(own.status()).isEqualTo(RegisteredAgent.Status.ACTIVE);
    assertThat(own.domain()).isEqualTo(acme);
    assertThat(own.enrolmentKey()).isEqualTo(ENROLMENT_KEY);

    // each domain manages only its own record: revoking the squatter's leaves the domain's own active
    registry.revokeAgent(OTHER_ADMIN, squatter, agent, "squatted");
    assertThat(registry.agent(squatter, agent).status()).isEqualTo(RegisteredAgent.Status.REVOKED);
    assertThat(registry.agent(acme, agent).status()).isEqualTo(RegisteredAgent.Status.ACTIVE);
    assertThat(registry.revocationEpoch(acme)).isZero();
  }

  @Test
  void onlyTheAdminRegistersDomainsAndOnlyOnce() {
    Bytes32 domain = Bytes32.keccakOf("d-" + UUID.randomUUID());
    assertThat(catchRevert(() -> registry.registerDomain(ADMIN, domain, ADMIN.getAddress())).error()).isEqualTo("NotAdmin");
    registry.registerDomain(DevAccounts.deployer(), domain, ADMIN.getAddress());
    assertThat(catchRevert(() -> registry.registerDomain(DevAccounts.deployer(), domain, OTHER_ADMIN.getAddress())).error())
        .isEqualTo("DomainExists");
  }

  @Test
  void domainKeysAreListedReadAndRevokedWithAnEpochBump() {
    Bytes32 domain = freshDomain(ADMIN);
    Bytes32 keyA = Bytes32.keccakOf("key-a");
    Bytes32 keyB = Bytes32.keccakOf("key-b");
    Bytes32 pubA = Bytes32.keccakOf("pub-a");
    registry.addKey(ADMIN, domain, keyA, pubA, 1_000, 2_000);
    registry.addKey(ADMIN, domain, keyB, Bytes32.keccakOf("pub-b"), 1_500, 3_000);

    assertThat(registry.keyIds(domain)).containsExactly(keyA, keyB);
    assertThat(registry.key(domain, keyA)).isEqualTo(new DomainKey(domain, keyA, pubA, 1_000, 2_000, false));
    assertThat(registry.key(domain, Bytes32.keccakOf("absent")).exists()).isFalse();

    registry.revokeKey(ADMIN, domain, keyA, "rotated");
    assertThat(registry.key(domain, keyA).revoked()).isTrue();
    assertThat(registry.revocationEpoch(domain)).isEqualTo(1);
    registry.registerAgent(ADMIN, domain, agentId(), BigInteger.ONE, pubA, ENROLMENT_KEY);

    assertThat(catchRevert(() -> registry.revokeKey(ADMIN, domain, keyA, "again")).error()).isEqualTo("KeyAlreadyRevoked");
    assertThat(catchRevert(() -> registry.revokeKey(ADMIN, domain, Bytes32.keccakOf("absent"), "x")).error())
        .isEqualTo("UnknownKey");
    assertThat(catchRevert(() -> registry.addKey(ADMIN, domain, keyB, pubA, 1, 2)).error()).isEqualTo("KeyExists");
    assertThat(catchRevert(() -> registry.addKey(ADMIN, domain, Bytes32.keccakOf("k"), pubA, 5, 5)).error())
        .isEqualTo("InvalidValidity");
    assertThat(catchRevert(() -> registry.addKey(ADMIN, domain, Bytes32.keccakOf("k"), new Bytes32(new byte[32]), 1, 2)).error())
        .isEqualTo("ZeroKey");
    assertThat(catchRevert(() -> registry.addKey(OTHER_ADMIN, domain, Bytes32.keccakOf("k"), pubA, 1, 2)).error())
        .isEqualTo("NotDomainAdmin");
    assertThat(registry.revocationEpoch(domain)).isEqualTo(1);
  }
}
