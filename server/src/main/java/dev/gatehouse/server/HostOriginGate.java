package dev.gatehouse.server;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;

/**
 * DNS-rebinding defence for every route: a browser on another site can make our loopback address
 * answer to its own name, so the {@code Host} must be one of ours (when we listen on loopback or
 * the operator listed hosts) and any {@code Origin} must be one we allow. Only the methods some
 * route answers pass at all: {@code TRACE} would echo the request's headers, its
 * {@code Authorization} among them, back to whoever can read the response.
 */
final class HostOriginGate implements Filter {

    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "DELETE", "OPTIONS");

    private final Set<String> hosts;
    private final Set<String> origins;

    /** @param hosts allowed Host values, lower case; empty to skip the Host check */
    HostOriginGate(Set<String> hosts, Set<String> origins) {
        this.hosts = Set.copyOf(hosts);
        this.origins = Set.copyOf(origins);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        var request = (HttpServletRequest) req;
        var response = (HttpServletResponse) res;
        if (!METHODS.contains(request.getMethod())) {
            response.setHeader("Allow", "GET, HEAD, POST, DELETE, OPTIONS");
            Responses.generic(response, 405);
            return;
        }
        var host = request.getHeader("Host");
        if (!hosts.isEmpty() && (host == null || !hosts.contains(host.toLowerCase(Locale.ROOT)))) {
            Responses.generic(response, 403);
            return;
        }
        var origins = request.getHeaders("Origin");
        while (origins.hasMoreElements()) {
            if (!this.origins.contains(origins.nextElement().toLowerCase(Locale.ROOT))) {
                Responses.generic(response, 403);
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
