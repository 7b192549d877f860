package dev.gatehouse.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Picks verification keys from a fixed set by algorithm family: RSA keys only for RS/PS, EC keys of
 * the algorithm's curve only for ES, the shared secret only for HS. A key file often has no
 * {@code kid}, so a key without one matches any token; a key with one matches only that id.
 */
record StaticKeySelector(Set<JWSAlgorithm> algorithms, List<JWK> keys) implements JWSKeySelector<SecurityContext> {

    StaticKeySelector {
        algorithms = Set.copyOf(algorithms);
        keys = List.copyOf(keys);
    }

    @Override
    public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
        var alg = header.getAlgorithm();
        if (!algorithms.contains(alg)) {
            return List.of();
        }
        var selected = new ArrayList<Key>();
        for (var jwk : keys) {
            if (!usable(jwk, header)) {
                continue;
            }
            try {
                if (JWSAlgorithm.Family.RSA.contains(alg) && jwk instanceof RSAKey rsa) {
                    selected.add(rsa.toRSAPublicKey());
                } else if (JWSAlgorithm.Family.EC.contains(alg)
                        && jwk instanceof ECKey ec
                        && Curve.forJWSAlgorithm(alg).contains(ec.getCurve())) {
                    selected.add(ec.toECPublicKey());
                } else if (JWSAlgorithm.Family.HMAC_SHA.contains(alg) && jwk instanceof OctetSequenceKey oct) {
                    selected.add(oct.toSecretKey());
                }
            } catch (JOSEException e) {
                throw new KeySourceException("a configured key cannot be used", e);
            }
        }
        return selected;
    }

    private static boolean usable(JWK jwk, JWSHeader header) {
        if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
            return false;
        }
        if (jwk.getAlgorithm() != null && !jwk.getAlgorithm().equals(header.getAlgorithm())) {
            return false;
        }
        return jwk.getKeyID() == null || jwk.getKeyID().equals(header.getKeyID());
    }
}
