package io.prefstream.ops.metrics;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a dashboard or alert expression into the query that proves it is wired: one that returns
 * a series whenever the metrics, labels and joins it relies on exist, whatever their values.
 *
 * <ul>
 *   <li>Grafana's {@code $__rate_interval} becomes a fixed window, as Grafana would substitute one.</li>
 *   <li>Every comparison outside label matchers and strings gets the {@code bool} modifier, so that it
 *       yields 0 or 1 for every series instead of dropping the ones that are healthy. Set operators
 *       ({@code and}, {@code or}, {@code unless}) still need their operands' series to exist and to match
 *       on the join labels, so a wrong name, label or join still returns nothing.</li>
 *   <li>Subquery resolutions ({@code [15m:1m]}) become the given step: data only seconds old has no
 *       points at minute boundaries yet.</li>
 * </ul>
 */
final class PromQlProbe {

    private static final String RATE_INTERVAL = "$__rate_interval";
    private static final Pattern SUBQUERY = Pattern.compile("\\[([^]:]+):[^]]*]");
    private static final Pattern BOOL = Pattern.compile("\\s*bool\\b");

    private PromQlProbe() {
    }

    /** Returns a dashboard expression with Grafana's rate interval replaced by {@code window}. */
    static String dashboard(String expr, String window) {
        return expr.replace(RATE_INTERVAL, window);
    }

    /** Returns an alert expression with every comparison made {@code bool} and subqueries stepped at {@code step}. */
    static String alert(String expr, String step) {
        String stepped = SUBQUERY.matcher(expr).replaceAll(m -> Matcher.quoteReplacement(
                "[" + m.group(1) + ":" + step + "]"));
        return withBoolComparisons(stepped);
    }

    private static String withBoolComparisons(String expr) {
        StringBuilder out = new StringBuilder(expr.length() + 32);
        int braces = 0;
        boolean quoted = false;
        for (int i = 0; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (quoted) {
                out.append(c);
                if (c == '\\' && i + 1 < expr.length()) {
                    out.append(expr.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                }
                continue;
            }
            int length = braces == 0 ? comparisonLength(expr, i) : 0;
            if (length > 0) {
                out.append(expr, i, i + length);
                i += length - 1;
                if (!BOOL.matcher(expr).region(i + 1, expr.length()).lookingAt()) {
                    out.append(" bool");
                }
                continue;
            }
            quoted = c == '"';
            braces += c == '{' ? 1 : c == '}' ? -1 : 0;
            out.append(c);
        }
        return out.toString();
    }

    /** Returns the length of the comparison operator starting at {@code i}, or 0 when there is none. */
    private static int comparisonLength(String expr, int i) {
        char c = expr.charAt(i);
        char next = i + 1 < expr.length() ? expr.charAt(i + 1) : 0;
        if ((c == '=' || c == '!') && next == '=') {
            return 2;
        }
        if (c == '>' || c == '<') {
            return next == '=' ? 2 : 1;
        }
        return 0;
    }
}
