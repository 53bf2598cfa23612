package dev.writ.contracts.anchor;

import java.io.IOException;
import java.util.List;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;

/** anvil's own RPC methods the launcher does not wrap (evm_mine, anvil_setNextBlockBaseFeePerGas), for tests. */
final class AnvilRpc {
    private AnvilRpc() {
    }

    static final class Answer extends Response<Object> {
    }

    static void call(String url, String method, Object... params) {
        try {
            Response<?> r = new Request<>(method, List.of(params), new HttpService(url), Answer.class).send();
            if (r.hasError()) {
                throw new IllegalStateException(method + ": " + r.getError().getMessage());
            }
        } catch (IOException e) {
            throw new IllegalStateException(method + " did not reach " + url, e);
        }
    }
}
