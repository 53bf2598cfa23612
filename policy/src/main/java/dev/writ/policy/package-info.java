/**
 * The policy language: a domain's {@link dev.writ.policy.PolicySet} of {@link dev.writ.policy.AgentRule}s,
 * read from HOCON files ({@link dev.writ.policy.PolicyFiles}), hashed over its canonical form
 * ({@link dev.writ.policy.PolicyCanonicalForm}) and decided by {@link dev.writ.policy.PolicyEvaluator}.
 * Pure: time comes in as an argument, nothing here reads a file, a clock or the chain. Where a node
 * reads the policy in force (a file it watches, the PolicyRegistry) is the node's.
 * {@link dev.writ.policy.chain} holds the PolicyRegistry's document encoding of a policy set.
 */
package dev.writ.policy;
