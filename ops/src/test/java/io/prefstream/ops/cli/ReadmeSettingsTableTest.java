package io.prefstream.ops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ReadmeSettingsTableTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path EXPECTED = Path.of("target", "README-settings-table.md");

    @Test
    void readmeListsEveryOptionOfEveryCommandWithItsDefault() throws IOException {
        String expected = SettingsTable.render();
        Files.createDirectories(EXPECTED.getParent());
        Files.writeString(EXPECTED, expected + "\n", StandardCharsets.UTF_8);
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int start = readme.indexOf(SettingsTable.START);
        int end = readme.indexOf(SettingsTable.END);
        assertTrue(start >= 0 && end > start, "README.md has no settings table between its markers; the table to"
                + " paste is in ops/" + EXPECTED);
        assertEquals(expected, readme.substring(start, end + SettingsTable.END.length()),
                "README.md's settings table differs from the commands' options; the current table is in ops/"
                        + EXPECTED);
    }

    @Test
    void tableCoversOptionsOfNestedCommandsAndTheirDefaults() {
        String table = SettingsTable.render();
        assertTrue(table.contains("| `ingest` | `--snapshot-every-records"), table);
        assertTrue(table.contains("| `bench ingest` | `--sizes"), table);
        assertTrue(table.contains("`10000`"), "the default of --snapshot-every-records is missing");
        assertTrue(!table.contains("--help") && !table.contains("--version"), "help options are not settings");
    }
}
