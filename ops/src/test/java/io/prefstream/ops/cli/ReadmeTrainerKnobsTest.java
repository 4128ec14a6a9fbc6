package io.prefstream.ops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.prefstream.trainer.app.TrainerConfig;

class ReadmeTrainerKnobsTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z_]+)` \\| ([^|]+) \\|", Pattern.MULTILINE);
    private static final String HEADER = "| key | default | meaning |";

    @Test
    void readmeTableHoldsEveryTrainerKnobWithItsDefault() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int start = readme.indexOf(HEADER);
        assertTrue(start >= 0, "README.md has no trainer knob table");
        int end = readme.indexOf("\n\n", start);
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher row = ROW.matcher(readme.substring(start, end));
        while (row.find()) {
            documented.put(row.group(1), row.group(2).strip());
        }
        Map<String, String> defaults = TrainerConfig.preset("spac").toMap();
        assertEquals(defaults.keySet(), documented.keySet(), "README's trainer knobs differ from TrainerConfig's");
        defaults.forEach((key, value) -> assertTrue(same(value, documented.get(key)),
                "README says " + key + " defaults to " + documented.get(key) + ", the code to " + value));
    }

    private static boolean same(String actual, String documented) {
        if (actual.equals(documented)) {
            return true;
        }
        try {
            return new BigDecimal(actual).compareTo(new BigDecimal(documented)) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
