package dev.gatehouse.plugins.trust;

import dev.gatehouse.api.trust.TrustLevel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The publishers' keys the operator trusts, kept in one JSON file (0600) in a directory (0700).
 * Every call reads the file afresh, so a key added or removed by {@code gatehouse trust} is seen
 * by a running host at its next verification. Mutations of one instance are serialised; two
 * processes mutating at the same moment may lose one update (each write is still atomic).
 */
public final class TrustStore {

    private final TrustStoreFile file;
    private final Clock clock;

    /** A store in {@code trustDir}, created on first write. */
    public TrustStore(Path trustDir) {
        this(trustDir, Clock.systemUTC());
    }

    /** As {@link #TrustStore(Path)}, with the clock that stamps when a key was added. */
    public TrustStore(Path trustDir, Clock clock) {
        this.file = new TrustStoreFile(Objects.requireNonNull(trustDir, "trustDir"));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Trusts the Ed25519 key in {@code keyFile} to sign for {@code publisher}. The file holds one
     * OpenSSH public key line ({@code ssh-ed25519 AAAA... comment}) or a PEM {@code PUBLIC KEY}.
     * Adding a key the publisher already has changes its level.
     *
     * @throws TrustStoreException for an invalid name or level, a key that is not Ed25519 or does
     *     not parse, a key already trusted for another publisher, or a store that cannot be read or written
     */
    public synchronized PublisherKey add(String publisher, Path keyFile, TrustLevel level) {
        requireValidPublisher(publisher);
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(level, "level");
        if (level == TrustLevel.UNKNOWN) {
            throw new TrustStoreException(
                    TrustStoreException.Reason.INVALID_LEVEL,
                    "a trusted key is official or community, not unknown",
                    Optional.of(publisher),
                    Optional.empty());
        }
        var key = PublicKeyFiles.read(keyFile);
        var fingerprint = Ed25519Keys.fingerprint(key);
        var keys = new ArrayList<>(file.read());
        for (int i = 0; i < keys.size(); i++) {
            var existing = keys.get(i);
            if (!existing.fingerprint().equals(fingerprint)) {
                continue;
            }
            if (!existing.publisher().equals(publisher)) {
                // One key, one publisher: otherwise a signature could not say whose name it vouches for.
                throw new TrustStoreException(
                        TrustStoreException.Reason.KEY_OF_OTHER_PUBLISHER,
                        "key " + fingerprint + " is already trusted for publisher " + existing.publisher()
                                + "; remove it there first",
                        Optional.of(publisher),
                        Optional.of(keyFile));
            }
            var updated = existing.withLevel(level);
            keys.set(i, updated);
            file.write(keys);
            return updated;
        }
        var added = new PublisherKey(publisher, level, fingerprint, key, clock.instant());
        keys.add(added);
        file.write(keys);
        return added;
    }

    /** Every trusted key, grouped by publisher, each publisher's keys in the order they were added. */
    public List<PublisherKey> list() {
        return file.read().stream()
                .sorted(Comparator.comparing(PublisherKey::publisher))
                .toList();
    }

    /** The keys trusted for {@code publisher}; empty for a publisher nobody trusts or an invalid name. */
    public List<PublisherKey> keysOf(String publisher) {
        Objects.requireNonNull(publisher, "publisher");
        return file.read().stream().filter(k -> k.publisher().equals(publisher)).toList();
    }

    /** Stops trusting every key of {@code publisher}; returns how many there were. */
    public synchronized int remove(String publisher) {
        requireValidPublisher(publisher);
        var keys = file.read();
        var kept = keys.stream().filter(k -> !k.publisher().equals(publisher)).toList();
        int removed = keys.size() - kept.size();
        if (removed > 0) {
            file.write(kept);
        }
        return removed;
    }

    /** Stops trusting one key of {@code publisher}; returns whether it was trusted. */
    public synchronized boolean remove(String publisher, String fingerprint) {
        requireValidPublisher(publisher);
        Objects.requireNonNull(fingerprint, "fingerprint");
        var keys = file.read();
        var kept = keys.stream()
                .filter(k ->
                        !(k.publisher().equals(publisher) && k.fingerprint().equals(fingerprint)))
                .toList();
        if (kept.size() == keys.size()) {
            return false;
        }
        file.write(kept);
        return true;
    }

    private static void requireValidPublisher(String publisher) {
        Objects.requireNonNull(publisher, "publisher");
        if (!PublisherKey.isValidPublisher(publisher)) {
            throw new TrustStoreException(
                    TrustStoreException.Reason.INVALID_PUBLISHER,
                    "invalid publisher name " + UntrustedText.quote(publisher)
                            + "; use lowercase letters, digits, '.', '_' and '-' (at most 64)",
                    Optional.empty(),
                    Optional.empty());
        }
    }
}
