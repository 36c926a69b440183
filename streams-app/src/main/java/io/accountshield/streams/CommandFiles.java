package io.accountshield.streams;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** The files the command lines read and write: "-" for standard input or output, and mistakes as messages. */
public final class CommandFiles {

    private static final int BUFFER = 1 << 16;

    private CommandFiles() {
    }

    /** @param what what the file holds, for the message when it is missing ("events", "labels") */
    public static BufferedReader openInput(Path path, String what) throws IOException {
        return openInput(path, what, new AtomicLong());
    }

    /**
     * As {@link #openInput(Path, String)}, counting the bytes read from the file in {@code bytesRead}
     * (ahead of the lines handed out by up to a buffer), for progress through it; standard input is
     * not counted.
     */
    public static BufferedReader openInput(Path path, String what, AtomicLong bytesRead) throws IOException {
        if (path.toString().equals("-")) {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), BUFFER);
        }
        InputStream file;
        try {
            file = Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new UserInputException(what + " file " + path + " does not exist");
        }
        InputStream counting = new FilterInputStream(file) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    bytesRead.incrementAndGet();
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    bytesRead.addAndGet(n);
                }
                return n;
            }
        };
        // A decoder that reports malformed input, as Files.newBufferedReader's does.
        return new BufferedReader(new InputStreamReader(counting, StandardCharsets.UTF_8.newDecoder()), BUFFER);
    }

    public static Writer openOutput(Path path) throws IOException {
        if (path.toString().equals("-")) {
            return new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), BUFFER);
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UserInputException("cannot write " + path + ": directory " + parent + " does not exist");
        }
        return new BufferedWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8), BUFFER);
    }

    /** Removes a directory and everything in it; a missing one is fine. */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
