package dev.writ.verifierjs;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one verifier said about one bundle, reduced to what both must agree on: the exit code, the
 * verdict (verified, holds, first fault, skipped checks) and every check's name, status and fault.
 * The details are prose for people and may differ.
 */
record Outcome(int exit, String verdict) {

    /** From the exit code and the {@code --json} line the command printed. */
    static Outcome of(int exit, String jsonOutput) {
        Map<String, Object> json;
        try {
            json = JSONObjectUtils.parse(jsonOutput.strip());
        } catch (ParseException e) {
            throw new AssertionError("not a --json verdict (exit " + exit + "): " + jsonOutput, e);
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> checks = (List<Map<String, Object>>) json.get("checks");
        String each = checks.stream()
                .map(c -> c.get("name") + ":" + c.get("status") + (c.get("fault") == null ? "" : ":" + c.get("fault")))
                .collect(Collectors.joining(" "));
        return new Outcome(exit, "verified=" + json.get("verified") + " holds=" + json.get("holds") + " fault=" + json.get("fault")
                + " skipped=" + json.get("skipped") + " checks=[" + each + "]");
    }

    @Override
    public String toString() {
        return "exit " + exit + " " + verdict;
    }
}
