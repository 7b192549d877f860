package dev.gatehouse.audit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A witness endpoint: each checkpoint is POSTed as one JSON object; any 2xx answer counts as kept.
 * Redirects are not followed (a witness that moves must be reconfigured), and each request has a
 * short deadline so a slow endpoint delays only its own delivery.
 */
final class HttpWitness implements CheckpointWitness {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI url;
    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    HttpWitness(URI url) {
        this.url = url;
    }

    @Override
    public String where() {
        // Never the user-info part: it could hold a credential.
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + url.getRawPath();
    }

    @Override
    public void witness(WitnessedCheckpoint checkpoint) throws IOException {
        var request = HttpRequest.newBuilder(url)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(checkpoint.line()))
                .build();
        try {
            var response = client.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                throw new IOException("the witness " + where() + " answered " + response.statusCode());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending to the witness " + where(), e);
        }
    }
}
