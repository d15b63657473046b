package dev.keel.cli.batch;

import dev.keel.cli.UserError;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The input's SHA-256 (a job's identity: a resume must read the same file) and its line count, in one streaming pass. */
record InputDigest(String sha256, long lines) {

    static InputDigest of(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        long lines = 0;
        boolean pending = false;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                        pending = false;
                    } else {
                        pending = true;
                    }
                }
            }
        } catch (NoSuchFileException e) {
            throw new UserError("--in: no such file: " + file);
        }
        if (lines + (pending ? 1 : 0) > Integer.MAX_VALUE) {
            throw new UserError("--in: more than " + Integer.MAX_VALUE + " lines: split the file into several jobs");
        }
        return new InputDigest(HexFormat.of().formatHex(digest.digest()), lines + (pending ? 1 : 0));
    }
}
