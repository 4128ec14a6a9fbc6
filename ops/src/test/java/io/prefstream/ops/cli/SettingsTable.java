package io.prefstream.ops.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Renders every command-line option of every command, with its default, as the Markdown table
 * the README carries between {@link #START} and {@link #END}, so that the table is made from the
 * commands themselves and a test notices when the two part.
 */
final class SettingsTable {

    static final String START = "<!-- settings table: generated from the commands, checked by ReadmeSettingsTableTest -->";
    static final String END = "<!-- end of settings table -->";

    /** A description's note of its default, {@code (default: X)}, one level of parentheses inside allowed. */
    private static final Pattern DEFAULT_NOTE = Pattern.compile("\\s*\\(default: ([^()]*(?:\\([^()]*\\)[^()]*)*)\\)");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private SettingsTable() {
    }

    /** Returns the block, markers included, for the launcher's command tree. */
    static String render() {
        StringBuilder out = new StringBuilder(START).append('\n');
        out.append("| command | option | default | meaning |\n|---|---|---|---|\n");
        for (String[] row : rows(Launcher.commandLine().getCommandSpec())) {
            out.append("| ").append(Arrays.stream(row).map(cell -> cell.replace("|", "\\|"))
                    .collect(Collectors.joining(" | "))).append(" |\n");
        }
        return out.append(END).toString();
    }

    private static List<String[]> rows(CommandSpec root) {
        List<String[]> rows = new ArrayList<>();
        for (Map.Entry<String, CommandLine> command : root.subcommands().entrySet()) {
            addCommand(rows, command.getValue().getCommandSpec());
        }
        return rows;
    }

    private static void addCommand(List<String[]> rows, CommandSpec command) {
        if (command.userObject() instanceof CommandLine.HelpCommand) {
            return;
        }
        String name = command.qualifiedName(" ").substring(command.root().name().length()).strip();
        for (OptionSpec option : command.options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;
            }
            String longest = option.negatable() ? option.longestName().replaceFirst("^--", "--[no-]")
                    : option.longestName();
            rows.add(new String[] {"`" + name + "`", "`" + longest + label(option) + "`",
                    defaultOf(option), meaning(option)});
        }
        for (CommandLine sub : command.subcommands().values()) {
            addCommand(rows, sub.getCommandSpec());
        }
    }

    private static String label(OptionSpec option) {
        if (isFlag(option)) {
            return "";
        }
        return " " + option.paramLabel();
    }

    private static String defaultOf(OptionSpec option) {
        String value = option.defaultValueString();
        boolean unset = value == null || value.isEmpty() || value.equals("null");
        if (isFlag(option)) {
            return !unset && Boolean.parseBoolean(value) ? "on" : "off";
        }
        if (unset) {
            Matcher note = DEFAULT_NOTE.matcher(description(option));
            return note.find() ? note.group(1).strip() : "none";
        }
        return "`" + value + "`";
    }

    private static boolean isFlag(OptionSpec option) {
        return option.typeInfo().isBoolean() && option.arity().max() == 0;
    }

    private static String description(OptionSpec option) {
        return SPACES.matcher(String.join(" ", option.description())).replaceAll(" ").strip();
    }

    private static String meaning(OptionSpec option) {
        return DEFAULT_NOTE.matcher(description(option)).replaceAll("");
    }
}
