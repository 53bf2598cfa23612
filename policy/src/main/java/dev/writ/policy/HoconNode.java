package dev.writ.policy;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One HOCON object of a policy document with its path, so every error names the key (and line)
 * it is about. Reads values by exact key, never by HOCON path, so keys with dots (targets such as
 * "payments.example.com") need quoting in the file but no escaping here.
 */
final class HoconNode {
    /** Significant digits a double carries exactly from decimal text. */
    private static final int MAX_UNQUOTED_DIGITS = 15;
    /** 2^53: whole numbers beyond it may have been rounded on their way through a double. */
    private static final long MAX_EXACT_LONG = 1L << 53;

    private final ConfigObject object;
    private final String path;

    HoconNode(ConfigObject object, String path) {
        this.object = object;
        this.path = path;
    }

    String path() {
        return path;
    }

    Set<String> keys() {
        return new TreeSet<>(object.keySet());
    }

    boolean has(String key) {
        ConfigValue v = object.get(key);
        return v != null && v.valueType() != ConfigValueType.NULL;
    }

    /** Refuses keys this object may not have: a typo must not silently drop a constraint. */
    void allowOnly(Set<String> allowed) throws PolicyFormatException {
        for (String key : keys()) {
            if (!allowed.contains(key)) {
                throw error(key, "unknown key; expected one of " + new TreeSet<>(allowed));
            }
        }
    }

    String string(String key) throws PolicyFormatException {
        return scalar(key, required(key));
    }

    Optional<String> optString(String key) throws PolicyFormatException {
        return has(key) ? Optional.of(string(key)) : Optional.empty();
    }

    long longValue(String key) throws PolicyFormatException {
        ConfigValue v = required(key);
        if (v.valueType() != ConfigValueType.NUMBER) {
            throw error(key, "expected a whole number, found " + v.valueType().name().toLowerCase());
        }
        try {
            return Long.parseLong(v.render());
        } catch (NumberFormatException e) {
            throw error(key, "expected a whole number, found " + v.render());
        }
    }

    Optional<Long> optLong(String key) throws PolicyFormatException {
        return has(key) ? Optional.of(longValue(key)) : Optional.empty();
    }

    boolean bool(String key, boolean absent) throws PolicyFormatException {
        if (!has(key)) {
            return absent;
        }
        ConfigValue v = object.get(key);
        if (v.valueType() != ConfigValueType.BOOLEAN) {
            throw error(key, "expected true or false, found " + v.render());
        }
        return (Boolean) v.unwrapped();
    }

    /**
     * A decimal bound. Quoted, it must be a {@link PlainDecimal} and is read exactly. Unquoted,
     * HOCON has already read it through a binary double (its text is gone; an integral double even
     * comes back as a long), so it is accepted only within what a double carries exactly: whole
     * numbers up to 2^53 and at most 15 significant digits. Bounds finer than that must be quoted;
     * the parser cannot always tell that an unquoted one was rounded.
     */
    BigDecimal decimal(String key) throws PolicyFormatException {
        ConfigValue v = required(key);
        if (v.valueType() == ConfigValueType.NUMBER) {
            Number n = (Number) v.unwrapped();
            if ((n instanceof Integer || n instanceof Long) && Math.abs(n.longValue()) <= MAX_EXACT_LONG) {
                return BigDecimal.valueOf(n.longValue());
            }
            double d = n.doubleValue();
            if (n instanceof Double && Double.isFinite(d)) {
                BigDecimal value = new BigDecimal(Double.toString(d));
                if (value.stripTrailingZeros().precision() <= MAX_UNQUOTED_DIGITS) {
                    return value;
                }
            }
            throw error(key, "the number " + v.render() + " cannot be read exactly; write it as a string, e.g. \"0.1\"");
        }
        String text = string(key);
        return PlainDecimal.parse(text).orElseThrow(() -> error(key, "expected a plain decimal such as 1000 or 0.01, found " + text));
    }

    Optional<BigDecimal> optDecimal(String key) throws PolicyFormatException {
        return has(key) ? Optional.of(decimal(key)) : Optional.empty();
    }

    Duration duration(String key) throws PolicyFormatException {
        ConfigValue v = required(key);
        try {
            return ConfigFactory.empty().withValue("d", v).getDuration("d");
        } catch (ConfigException e) {
            throw error(key, "expected a duration such as 1m or 1h, found " + v.render());
        }
    }

    List<String> stringList(String key) throws PolicyFormatException {
        if (!has(key)) {
            return List.of();
        }
        ConfigList list = list(key);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(scalarAt(key + "[" + i + "]", list.get(i)));
        }
        return out;
    }

    HoconNode object(String key) throws PolicyFormatException {
        ConfigValue v = required(key);
        if (v.valueType() != ConfigValueType.OBJECT) {
            throw error(key, "expected an object { ... }, found " + v.valueType().name().toLowerCase());
        }
        return new HoconNode((ConfigObject) v, child(key));
    }

    Optional<HoconNode> optObject(String key) throws PolicyFormatException {
        return has(key) ? Optional.of(object(key)) : Optional.empty();
    }

    List<HoconNode> objectList(String key) throws PolicyFormatException {
        if (!has(key)) {
            return List.of();
        }
        ConfigList list = list(key);
        List<HoconNode> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            ConfigValue item = list.get(i);
            String itemPath = child(key) + "[" + i + "]";
            if (item.valueType() != ConfigValueType.OBJECT) {
                throw new PolicyFormatException(itemPath + ": expected an object { ... }" + line(item));
            }
            out.add(new HoconNode((ConfigObject) item, itemPath));
        }
        return out;
    }

    PolicyFormatException error(String key, String message) {
        ConfigValue v = object.get(key);
        return new PolicyFormatException(child(key) + ": " + message + (v == null ? line(object) : line(v)));
    }

    PolicyFormatException error(String message) {
        return new PolicyFormatException(path + ": " + message + line(object));
    }

    private ConfigList list(String key) throws PolicyFormatException {
        ConfigValue v = object.get(key);
        if (v.valueType() != ConfigValueType.LIST) {
            throw error(key, "expected a list [ ... ], found " + v.valueType().name().toLowerCase());
        }
        return (ConfigList) v;
    }

    private ConfigValue required(String key) throws PolicyFormatException {
        if (!has(key)) {
            throw error(key, "required key is missing");
        }
        return object.get(key);
    }

    private String scalar(String key, ConfigValue v) throws PolicyFormatException {
        return scalarAt(key, v);
    }

    private String scalarAt(String name, ConfigValue v) throws PolicyFormatException {
        if (v.valueType() == ConfigValueType.STRING) {
            return (String) v.unwrapped();
        }
        if (v.valueType() == ConfigValueType.NUMBER) {
            return v.render(); // the number as written, so 0.10 stays exact and 1e3 stays visible
        }
        throw new PolicyFormatException(child(name) + ": expected a string, found "
                + v.valueType().name().toLowerCase() + line(v));
    }

    private String child(String key) {
        boolean plain = key.matches("[A-Za-z0-9_-]+(\\[[0-9]+])?");
        String segment = plain ? key : "\"" + key + "\"";
        return path.isEmpty() ? segment : path + "." + segment;
    }

    private static String line(ConfigValue v) {
        int line = v.origin().lineNumber();
        return line > 0 ? " (line " + line + ")" : "";
    }
}
