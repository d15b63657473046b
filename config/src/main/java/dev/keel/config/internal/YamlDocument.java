package dev.keel.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.config.ConfigException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML document turned into a Jackson tree, with the line of every key kept by dotted path
 * ({@code routing.ttft-timeout}, {@code budget.degrade[1]}) so binding errors can name the line.
 * Scalars are interpolated here, before binding, and typed by YAML's own rules afterwards (so
 * {@code ${BYPASS_ROUTER:-false}} becomes a boolean).
 */
public final class YamlDocument {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String source;
    private final JsonNode root;
    private final Map<String, Integer> lines;

    private YamlDocument(String source, JsonNode root, Map<String, Integer> lines) {
        this.source = source;
        this.root = root;
        this.lines = lines;
    }

    public static YamlDocument parse(String yaml, String source, Interpolator interpolator) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        Node node;
        try {
            node = new Yaml(options).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ConfigException(source + ":" + line + ": not valid YAML: " + firstLine(e.getProblem()), "");
        } catch (RuntimeException e) {
            throw new ConfigException(source + ": not valid YAML: " + firstLine(e.getMessage()), "");
        }
        Map<String, Integer> lines = new HashMap<>();
        if (node == null) {
            return new YamlDocument(source, NODES.objectNode(), lines);
        }
        if (!(node instanceof MappingNode)) {
            throw new ConfigException(source + ":" + (node.getStartMark().getLine() + 1) + ": the top level must be a mapping of sections", "");
        }
        Converter converter = new Converter(source, interpolator, lines);
        return new YamlDocument(source, converter.convert(node, ""), lines);
    }

    public JsonNode root() {
        return root;
    }

    public String source() {
        return source;
    }

    /** The line of a key, or of its closest ancestor that is in the file. */
    public Optional<Integer> lineOf(String path) {
        String p = path;
        while (!p.isEmpty()) {
            Integer line = lines.get(p);
            if (line != null) {
                return Optional.of(line);
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return Optional.empty();
    }

    /** {@code source:line: key: problem}, or {@code source: key: problem} when the key is not in the file. */
    public String describe(String path, String problem) {
        String where = lineOf(path).map(line -> source + ":" + line).orElse(source);
        return path.isEmpty() ? where + ": " + problem : where + ": " + path + ": " + problem;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    private record Converter(String source, Interpolator interpolator, Map<String, Integer> lines) {

        JsonNode convert(Node node, String path) {
            lines.putIfAbsent(path, node.getStartMark().getLine() + 1);
            return switch (node.getNodeId()) {
                case mapping -> mapping((MappingNode) node, path);
                case sequence -> sequence((SequenceNode) node, path);
                case scalar -> scalar((ScalarNode) node, path);
                default -> throw new ConfigException(source + ":" + (node.getStartMark().getLine() + 1) + ": "
                        + path + ": anchors and aliases are not supported", path);
            };
        }

        private ObjectNode mapping(MappingNode node, String path) {
            ObjectNode object = NODES.objectNode();
            for (NodeTuple tuple : node.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                    throw new ConfigException(source + ":" + (tuple.getKeyNode().getStartMark().getLine() + 1) + ": "
                            + path + ": keys must be plain names", path);
                }
                String key = keyNode.getValue();
                String childPath = path.isEmpty() ? key : path + "." + key;
                if (object.has(key)) {
                    throw new ConfigException(source + ":" + (keyNode.getStartMark().getLine() + 1) + ": " + childPath
                            + ": duplicate key (first on line " + lines.get(childPath) + ")", childPath);
                }
                lines.put(childPath, keyNode.getStartMark().getLine() + 1);
                object.set(key, convert(tuple.getValueNode(), childPath));
            }
            return object;
        }

        private ArrayNode sequence(SequenceNode node, String path) {
            ArrayNode array = NODES.arrayNode();
            for (int i = 0; i < node.getValue().size(); i++) {
                array.add(convert(node.getValue().get(i), path + "[" + i + "]"));
            }
            return array;
        }

        private JsonNode scalar(ScalarNode node, String path) {
            String text = node.getValue();
            Tag tag = node.getTag();
            if (interpolator.needsExpansion(text)) {
                try {
                    text = interpolator.expand(text);
                } catch (Interpolator.InterpolationException e) {
                    throw new ConfigException(source + ":" + (node.getStartMark().getLine() + 1) + ": " + path + ": " + e.getMessage(), path);
                }
                tag = node.isPlain() ? new Resolver().resolve(NodeId.scalar, text, true) : Tag.STR;
            }
            return typed(text, tag);
        }

        private static JsonNode typed(String text, Tag tag) {
            try {
                if (Tag.NULL.equals(tag)) {
                    return NODES.nullNode();
                }
                if (Tag.BOOL.equals(tag)) {
                    return NODES.booleanNode(Boolean.parseBoolean(text.toLowerCase()) || text.equalsIgnoreCase("yes") || text.equalsIgnoreCase("on"));
                }
                if (Tag.INT.equals(tag)) {
                    BigInteger value = new BigInteger(text.replace("_", ""));
                    return value.bitLength() < 64 ? NODES.numberNode(value.longValue()) : NODES.numberNode(value);
                }
                if (Tag.FLOAT.equals(tag)) {
                    return NODES.numberNode(new BigDecimal(text.replace("_", "")));
                }
            } catch (NumberFormatException e) {
                return NODES.textNode(text);
            }
            return NODES.textNode(text);
        }
    }
}
