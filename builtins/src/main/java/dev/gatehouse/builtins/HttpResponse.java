package dev.gatehouse.builtins;

import java.util.List;
import java.util.Optional;

/**
 * One response as read from the wire, body capped.
 *
 * @param headers names in lower case, in the order received
 * @param truncated whether the body went on past the cap and reading stopped there
 */
record HttpResponse(int status, List<Header> headers, byte[] body, boolean truncated) {

    record Header(String name, String value) {}

    HttpResponse {
        headers = List.copyOf(headers);
    }

    Optional<String> header(String name) {
        return headers.stream()
                .filter(h -> h.name().equals(name))
                .map(Header::value)
                .findFirst();
    }

    boolean isRedirect() {
        return (status == 301 || status == 302 || status == 303 || status == 307 || status == 308)
                && header("location").isPresent();
    }
}
