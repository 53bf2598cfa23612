/**
 * A small Java client of a broker node's HTTP API, for agents, enforcement points (PEPs) and
 * operators, and {@link dev.writ.protocol.client.PepGuard}, the helper a PEP embeds to redeem a
 * writ safely.
 *
 * <p>JSON is the proto3 JSON mapping of {@code writ/v1/api.proto} and {@code writ.proto}, through
 * protobuf's {@link com.google.protobuf.util.JsonFormat}:
 * <ul>
 *   <li>Requests are printed from generated messages, so they can only hold fields the schema
 *       knows; the node parses them strictly and refuses unknown fields.</li>
 *   <li>Answers are parsed with {@code ignoringUnknownFields()}: a newer node may add fields
 *       (proto3 evolution) and an older client must keep working. Nothing is lost that matters for
 *       safety: every signed artifact travels as bytes beside its signature and is verified over
 *       those bytes, never over what the JSON parser made of it.</li>
 * </ul>
 *
 * <p>Failures come in two kinds, and the difference matters to a PEP:
 * <ul>
 *   <li>{@link dev.writ.protocol.client.WritRefusedException} (checked): the node answered and
 *       refused, with an RFC 9457 problem and a stable code. The outcome is certain.</li>
 *   <li>{@link dev.writ.protocol.client.WritClientException} (an {@link java.io.IOException}):
 *       there is no usable answer (no connection, timeout, a proxy's HTML page, an unparseable
 *       body). The outcome is unknown: a redemption may have happened. Never execute on it. Its
 *       {@code stage()} says how far the exchange got: a request {@code NOT_SENT} or
 *       {@code CLOSED_BEFORE_ANSWER} may go to another node of the domain, where the copy is
 *       answered as the first would have been (an identical proposal from evidence, a redemption
 *       once or {@code REPLAYED}); a timeout or a cut answer may still be in progress.</li>
 * </ul>
 */
package dev.writ.protocol.client;
