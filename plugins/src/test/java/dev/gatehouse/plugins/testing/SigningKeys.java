package dev.gatehouse.plugins.testing;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real publisher keys and real {@code plugin.sig} files for tests: OpenSSH keys made and used by the
 * installed {@code ssh-keygen}, and JDK Ed25519 keys written as PEM. Every key lives in the directory
 * the test gives (normally a {@code @TempDir}).
 */
public final class SigningKeys {

    /** The namespace Gatehouse publishers sign under. */
    public static final String NAMESPACE = "gatehouse-plugin";

    /** Name of the signature file at a plugin tree's root (kept here so fixtures need no main-code import). */
    public static final String SIGNATURE_FILE = "plugin.sig";

    private SigningKeys() {}

    /** An OpenSSH key pair on disk. */
    public record SshKey(Path privateKey, Path publicKey) {

        /** Signs {@code digest} as a publisher would and writes {@code plugin.sig} into {@code treeRoot}. */
        public Path sign(String digest, Path treeRoot) {
            return sign(digest, treeRoot, NAMESPACE, "sha512");
        }

        /**
         * {@code printf %s digest > msg; ssh-keygen -Y sign -f key -n namespace -O hashalg=...}, then the
         * signature moved to {@code treeRoot/plugin.sig}.
         */
        public Path sign(String digest, Path treeRoot, String namespace, String hashAlgorithm) {
            try {
                var work = Files.createTempDirectory(privateKey.getParent(), "sign-");
                var message = work.resolve("msg");
                Files.writeString(message, digest, StandardCharsets.UTF_8);
                run(
                        "ssh-keygen",
                        "-Y",
                        "sign",
                        "-f",
                        privateKey.toString(),
                        "-n",
                        namespace,
                        "-O",
                        "hashalg=" + hashAlgorithm,
                        message.toString());
                var target = treeRoot.resolve(SIGNATURE_FILE);
                Files.move(work.resolve("msg.sig"), target, StandardCopyOption.REPLACE_EXISTING);
                return target;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The fingerprint as {@code ssh-keygen -l -f key.pub} prints it ({@code SHA256:...}). */
        public String fingerprint() {
            var fields =
                    run("ssh-keygen", "-l", "-f", publicKey.toString()).strip().split(" ");
            return fields[1];
        }
    }

    /** A JDK Ed25519 key pair whose public key is written as a PEM SubjectPublicKeyInfo. */
    public record JdkKey(KeyPair keyPair, Path publicKeyPem) {

        /** Writes {@code plugin.sig} into {@code treeRoot}: one line, base64 of Ed25519 over the digest. */
        public Path sign(String digest, Path treeRoot) {
            var line = Base64.getEncoder().encodeToString(signature(digest)) + "\n";
            try {
                return Files.writeString(treeRoot.resolve(SIGNATURE_FILE), line, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The raw 64-byte Ed25519 signature over the UTF-8 bytes of {@code message}. */
        public byte[] signature(String message) {
            try {
                var signer = Signature.getInstance("Ed25519");
                signer.initSign(keyPair.getPrivate());
                signer.update(message.getBytes(StandardCharsets.UTF_8));
                return signer.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** {@code ssh-keygen -t ed25519 -N '' -f dir/name}. */
    public static SshKey sshEd25519(Path dir, String name) {
        return ssh(dir, name, "ed25519");
    }

    /** An OpenSSH key of any type {@code ssh-keygen -t} knows (rsa, ecdsa, ed25519). */
    public static SshKey ssh(Path dir, String name, String type) {
        var privateKey = dir.resolve(name);
        var command = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", "", "-C", name));
        if (type.equals("rsa")) {
            command.addAll(List.of("-b", "2048"));
        }
        command.addAll(List.of("-f", privateKey.toString()));
        run(command.toArray(String[]::new));
        return new SshKey(privateKey, dir.resolve(name + ".pub"));
    }

    /** A JDK Ed25519 key pair; the public key goes to {@code dir/name.pem} exactly as {@code getEncoded()} gives it. */
    public static JdkKey jdkEd25519(Path dir, String name) {
        try {
            var keyPair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            var pem = pem("PUBLIC KEY", keyPair.getPublic().getEncoded());
            return new JdkKey(keyPair, Files.writeString(dir.resolve(name + ".pem"), pem, StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PEM armor with 64-column base64, as openssl and most tools write it. */
    public static String pem(String label, byte[] der) {
        var body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    /** What {@code ssh-keygen -l -f file} prints as the fingerprint of the OpenSSH public key in {@code file}. */
    public static String sshKeygenFingerprint(Path publicKeyFile) {
        return run("ssh-keygen", "-l", "-f", publicKeyFile.toString()).strip().split(" ")[1];
    }

    /** A well-formed tree digest derived from {@code seed}, for tests that need distinct digests. */
    public static String digestOf(String seed) {
        try {
            var hash = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String run(String... command) {
        try {
            var process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            var output = new ByteArrayOutputStream();
            process.getInputStream().transferTo(output);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command[0] + " did not finish: " + String.join(" ", command));
            }
            var text = output.toString(StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        String.join(" ", command) + " exited " + process.exitValue() + ": " + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
