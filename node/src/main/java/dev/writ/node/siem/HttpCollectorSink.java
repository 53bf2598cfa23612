package dev.writ.node.siem;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * One POST of a batch as {@code application/x-ndjson} to the collector; a 2xx answer is its
 * acknowledgement, anything else (or no answer within the timeout) a failure the exporter retries
 * after a backoff. A collector that took a batch but whose answer was lost gets it again: collectors
 * dedupe on {@code metadata.uid}, the evidence record's hash.
 */
final class HttpCollectorSink implements EventSink {
    private final SiemSettings.HttpSink settings;
    private final HttpClient client;

    HttpCollectorSink(SiemSettings.HttpSink settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public void deliver(List<String> lines) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(settings.url())
                .timeout(settings.timeout())
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", lines) + "\n"))
                .build();
        HttpResponse<Void> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while posting to " + settings.url(), e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("collector " + settings.url() + " answered " + response.statusCode());
        }
    }
}
