package dev.writ.node.api;

import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import dev.writ.node.refusal.Refusal;
import java.util.concurrent.CompletionStage;

/** A resource that takes one JSON message by POST and answers another; a refusal may be thrown or carried. */
@FunctionalInterface
public interface Command<M extends Message> {
    CompletionStage<? extends MessageOrBuilder> handle(M message, Call call) throws Refusal;
}
