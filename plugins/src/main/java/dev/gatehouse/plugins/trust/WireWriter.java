package dev.gatehouse.plugins.trust;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds SSH wire-encoded structures: the public key blob and the SSHSIG signed data. */
final class WireWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    WireWriter raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    WireWriter string(byte[] bytes) {
        int length = bytes.length;
        out.write(length >>> 24);
        out.write(length >>> 16);
        out.write(length >>> 8);
        out.write(length);
        out.writeBytes(bytes);
        return this;
    }

    WireWriter string(String text) {
        return string(text.getBytes(StandardCharsets.UTF_8));
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
