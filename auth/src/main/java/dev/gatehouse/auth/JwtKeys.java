package dev.gatehouse.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Builds the key selector a JWT configuration names. */
final class JwtKeys {

    /** Fetch limits for a JWK set: a slow or huge answer must not hold a request thread or memory. */
    record FetchLimits(
            Duration connectTimeout,
            Duration readTimeout,
            int maxBytes,
            Duration cacheTtl,
            Duration minRefreshInterval) {
        static final FetchLimits DEFAULT = new FetchLimits(
                Duration.ofSeconds(5), Duration.ofSeconds(5), 64 * 1024, Duration.ofMinutes(5), Duration.ofSeconds(30));
    }

    static final int MIN_HMAC_SECRET_BYTES = 32;
    private static final int MAX_KEY_FILE_BYTES = 64 * 1024;
    private static final Pattern PEM =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

    private JwtKeys() {}

    static JWSKeySelector<SecurityContext> selector(AuthConfig.Jwt config, FetchLimits limits) {
        Set<JWSAlgorithm> algorithms =
                config.algorithms().stream().map(JWSAlgorithm::parse).collect(Collectors.toUnmodifiableSet());
        return switch (config.keys()) {
            case AuthConfig.KeySource.JwksUrl url ->
                new JWSVerificationKeySelector<>(algorithms, remote(url.url(), limits));
            case AuthConfig.KeySource.PublicKeyFile file -> new StaticKeySelector(algorithms, publicKeys(file.file()));
            case AuthConfig.KeySource.Hs256SecretFile file ->
                new StaticKeySelector(algorithms, List.of(secret(file.file())));
        };
    }

    /**
     * A cached JWK set that is fetched again when a token names a {@code kid} it lacks (key
     * rotation), at most twice per {@code minRefreshInterval}, so a flood of made-up key ids
     * cannot turn into a flood of requests to the identity provider.
     */
    static JWKSource<SecurityContext> remote(URI url, FetchLimits limits) {
        var retriever = new DefaultResourceRetriever(
                (int) limits.connectTimeout().toMillis(),
                (int) limits.readTimeout().toMillis(),
                limits.maxBytes());
        try {
            return JWKSourceBuilder.<SecurityContext>create(url.toURL(), retriever)
                    .cache(
                            limits.cacheTtl().toMillis(),
                            limits.readTimeout().plus(limits.connectTimeout()).toMillis())
                    .refreshAheadCache(false)
                    .rateLimited(limits.minRefreshInterval().toMillis())
                    .retrying(false)
                    .outageTolerant(false)
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("the JWKS URL was validated when the configuration was read", e);
        }
    }

    private static OctetSequenceKey secret(Path file) {
        var bytes = SecretFiles.readOwnerOnly(file);
        if (bytes.length < MIN_HMAC_SECRET_BYTES) {
            throw new AuthSetupException(file, "must hold at least " + MIN_HMAC_SECRET_BYTES + " bytes (256 bits)");
        }
        return new OctetSequenceKey.Builder(bytes).build();
    }

    /** RSA or EC public keys from PEM {@code PUBLIC KEY} blocks, or from a JWK or JWK set. */
    static List<JWK> publicKeys(Path file) {
        String text;
        try (var in = Files.newInputStream(file)) {
            var bytes = in.readNBytes(MAX_KEY_FILE_BYTES + 1);
            if (bytes.length > MAX_KEY_FILE_BYTES) {
                throw new AuthSetupException(file, "is larger than " + MAX_KEY_FILE_BYTES + " bytes");
            }
            text = new String(bytes, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new AuthSetupException(file, "cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
        var keys = text.startsWith("{") ? fromJson(file, text) : fromPem(file, text);
        if (keys.isEmpty()) {
            throw new AuthSetupException(file, "holds no RSA or EC public key");
        }
        return keys;
    }

    private static List<JWK> fromJson(Path file, String text) {
        try {
            var parsed = text.contains("\"keys\"") ? JWKSet.parse(text).getKeys() : List.of(JWK.parse(text));
            var keys = new ArrayList<JWK>();
            for (var jwk : parsed) {
                if (jwk.isPrivate() || !(jwk instanceof RSAKey || jwk instanceof ECKey)) {
                    throw new AuthSetupException(
                            file, "must hold only RSA or EC public keys (found a private or symmetric key)");
                }
                keys.add(jwk);
            }
            return keys;
        } catch (ParseException e) {
            throw new AuthSetupException(file, "is not a valid JWK or JWK set", e);
        }
    }

    private static List<JWK> fromPem(Path file, String text) {
        var keys = new ArrayList<JWK>();
        var m = PEM.matcher(text);
        while (m.find()) {
            if (!m.group(1).equals("PUBLIC KEY")) {
                throw new AuthSetupException(
                        file, "holds a '" + m.group(1) + "' block; give only the public key (BEGIN PUBLIC KEY)");
            }
            keys.add(fromX509(file, Base64.getMimeDecoder().decode(m.group(2))));
        }
        return keys;
    }

    private static JWK fromX509(Path file, byte[] der) {
        var spec = new X509EncodedKeySpec(der);
        try {
            return new RSAKey.Builder(
                            (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(spec))
                    .build();
        } catch (GeneralSecurityException | ClassCastException rsaFailed) {
            try {
                var ec = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(spec);
                var curve = Curve.forECParameterSpec(ec.getParams());
                if (curve == null) {
                    throw new AuthSetupException(file, "holds an EC key on a curve JWS does not use");
                }
                return new ECKey.Builder(curve, ec).build();
            } catch (GeneralSecurityException | ClassCastException e) {
                throw new AuthSetupException(file, "holds a public key that is neither RSA nor EC", e);
            }
        }
    }
}
