package dev.gatehouse.plugins.trust;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the SSH wire encoding (RFC 4251 section 5) from hostile bytes. Every length is checked
 * against both what is left and a caller-given ceiling before anything is allocated.
 */
final class WireReader {

    private final byte[] data;
    private int position;

    WireReader(byte[] data) {
        this.data = data;
    }

    byte[] fixed(int length, String what) throws MalformedException {
        if (length > remaining()) {
            throw new MalformedException(what + " is truncated");
        }
        var out = Arrays.copyOfRange(data, position, position + length);
        position += length;
        return out;
    }

    long uint32(String what) throws MalformedException {
        var bytes = fixed(4, what);
        return Integer.toUnsignedLong(ByteBuffer.wrap(bytes).getInt());
    }

    /** A length-prefixed byte string of at most {@code max} bytes. */
    byte[] string(int max, String what) throws MalformedException {
        long length = uint32(what + " length");
        if (length > max) {
            throw new MalformedException(what + " is " + length + " bytes, more than the " + max + " allowed");
        }
        if (length > remaining()) {
            throw new MalformedException(what + " claims " + length + " bytes but only " + remaining() + " remain");
        }
        return fixed((int) length, what);
    }

    /** A length-prefixed string that must be exactly {@code length} bytes long. */
    byte[] exactString(int length, String what) throws MalformedException {
        var bytes = string(length, what);
        if (bytes.length != length) {
            throw new MalformedException(what + " is " + bytes.length + " bytes, expected " + length);
        }
        return bytes;
    }

    /** A length-prefixed string that must be valid UTF-8, so that re-encoding gives back the same bytes. */
    String utf8(int max, String what) throws MalformedException {
        var bytes = string(max, what);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedException(what + " is not valid UTF-8", e);
        }
    }

    void requireEnd(String what) throws MalformedException {
        if (remaining() != 0) {
            throw new MalformedException(what + " has " + remaining() + " unexpected trailing bytes");
        }
    }

    private int remaining() {
        return data.length - position;
    }
}
