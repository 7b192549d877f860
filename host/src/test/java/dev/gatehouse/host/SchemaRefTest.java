package dev.gatehouse.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A manifest's input schema is hostile input: validating against it must never fetch anything. */
class SchemaRefTest {

    @Test
    void aRemoteRefInAToolSchemaIsNeverFetched() throws Exception {
        var requests = new AtomicInteger();
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            var body = "{\"type\":\"string\"}".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            var url = "http://127.0.0.1:" + server.getAddress().getPort() + "/schema.json";
            var json = new ObjectMapper();
            var schemaNode = json.readTree("{\"type\":\"object\",\"properties\":{\"q\":{\"$ref\":\"" + url + "\"}}}");
            boolean refused;
            try {
                var schema = RegistryLoader.schemas().getSchema(schemaNode);
                schema.validate(json.readTree("{\"q\":\"x\"}"));
                refused = false;
            } catch (RuntimeException e) {
                refused = true;
            }
            assertThat(requests)
                    .as("requests to the $ref URL (refused=" + refused + ")")
                    .hasValue(0);
        } finally {
            server.stop(0);
        }
    }
}
