package dev.gatehouse.builtins;

import dev.gatehouse.config.NetRuleSyntax;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where one request goes, read from a URL the caller or a redirect gave.
 *
 * @param host lower case; an IPv6 literal keeps its brackets
 * @param target path and query as sent on the request line
 */
record Destination(URI uri, boolean tls, String host, int port, String target) {

    static final String PLUGIN = "http";
    static final int MAX_URL_CHARS = 2048;

    static Destination parse(String url) {
        if (url.length() > MAX_URL_CHARS) {
            throw refuse("the URL is longer than " + MAX_URL_CHARS + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw refuse("not a valid URL: " + Quote.of(url));
        }
        var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw refuse("only http and https URLs are allowed, not " + Quote.of(url));
        }
        if (uri.getRawUserInfo() != null) {
            throw refuse("URLs with a user name or password are not allowed");
        }
        var rawHost = uri.getHost();
        if (rawHost == null) {
            throw refuse("the URL " + Quote.of(url) + " has no host this tool can use");
        }
        var host = rawHost.toLowerCase(Locale.ROOT);
        boolean literal6 = host.startsWith("[")
                && host.endsWith("]")
                && NetRuleSyntax.isIpv6(host.substring(1, host.length() - 1));
        if (!literal6 && !NetRuleSyntax.isIpv4(host) && !NetRuleSyntax.isDnsName(host)) {
            throw refuse("the URL " + Quote.of(url) + " has no host this tool can use");
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() < 0 ? (tls ? 443 : 80) : uri.getPort();
        if (port < 1 || port > 65535) {
            throw refuse("the URL " + Quote.of(url) + " has an invalid port");
        }
        var path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (!path.startsWith("/")) {
            throw refuse("the URL " + Quote.of(url) + " has no host this tool can use");
        }
        var target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        return new Destination(uri, tls, host, port, target);
    }

    boolean isLiteral() {
        return host.startsWith("[") || NetRuleSyntax.isIpv4(host);
    }

    /** {@code host:port} as the caller would write it, for messages and rule matching. */
    String authority() {
        return host + ":" + port;
    }

    /** The Host header: the name the caller asked for, whatever address we connect to. */
    String hostHeader() {
        return port == (tls ? 443 : 80) ? host : authority();
    }

    /** Resolves a redirect's Location against this URL. */
    Destination redirect(String location) {
        URI next;
        try {
            next = uri.resolve(new URI(location));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw refuse("the server redirected to an invalid URL: " + Quote.of(location));
        }
        return parse(next.toString());
    }

    static Refusal refuse(String message) {
        return new Refusal(PLUGIN, Refusal.Kind.DESTINATION, message);
    }
}
