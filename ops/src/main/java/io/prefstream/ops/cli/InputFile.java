package io.prefstream.ops.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks an input file named on the command line before any work starts, so that a wrong path
 * fails with its name and what is wrong with it rather than with a bare I/O message such as
 * "Is a directory" from deep inside the reader.
 */
final class InputFile {

    private InputFile() {
    }

    /**
     * Returns the file if it is a regular file that this process may read.
     *
     * @param file  the path as given
     * @param label what the file is to the user, for example {@code input file}
     * @param hint  appended to the message when the file does not exist; empty for none
     * @throws IllegalArgumentException naming the file when it is missing, a directory or unreadable
     */
    static Path requireReadable(Path file, String label, String hint) {
        String name = label + " " + file.toAbsolutePath();
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(name + " is a directory; give one file");
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(name + " not found" + hint);
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(name + " is not a readable regular file");
        }
        return file;
    }
}
