package dev.vigil.template;

import dev.vigil.template.Template.Node;
import dev.vigil.template.Template.Operand;
import dev.vigil.template.Template.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Parses Go template text into nodes; errors name the template and line, as Go's do. */
final class TemplateParser {
    private final String name;
    private final String text;
    private final Set<String> functions;
    /** Templates named by {@code define} and {@code block}, by name: shared with the template that holds them. */
    final java.util.Map<String, List<Node>> defined = new java.util.HashMap<>();
    private int depth;
    private int pos;

    TemplateParser(String name, String text, Set<String> functions) {
        this.name = name;
        this.text = text;
        this.functions = functions;
    }

    /** The top level: everything up to the end, with no unclosed block. */
    List<Node> parse() {
        List<Node> nodes = new ArrayList<>();
        String end = block(nodes);
        if (end != null) {
            throw error("unexpected {{" + end + "}}");
        }
        return nodes;
    }

    /** Reads nodes until {{end}} or {{else...}}; returns that keyword (with its rest for else), or null at the end. */
    private String block(List<Node> nodes) {
        while (pos < text.length()) {
            int open = text.indexOf("{{", pos);
            if (open < 0) {
                nodes.add(new Template.Text(text.substring(pos)));
                pos = text.length();
                break;
            }
            String before = text.substring(pos, open);
            int inner = open + 2;
            if (text.startsWith("-", inner) && inner + 1 < text.length() && Character.isWhitespace(text.charAt(inner + 1))) {
                before = before.stripTrailing();
                inner += 2;
            }
            if (!before.isEmpty()) {
                nodes.add(new Template.Text(before));
            }
            int close = closing(inner);
            String body = text.substring(inner, close).trim();
            boolean trimAfter = close > inner && text.charAt(close - 1) == '-' && close - 2 >= inner
                    && Character.isWhitespace(text.charAt(close - 2));
            if (trimAfter) {
                body = text.substring(inner, close - 1).trim();
            }
            pos = close + 2;
            if (trimAfter) {
                while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                    pos++;
                }
            }
            if (body.startsWith("/*")) {
                if (!body.endsWith("*/")) {
                    throw error("unclosed comment");
                }
                continue;
            }
            String keyword = body.split("\\s+", 2)[0];
            switch (keyword) {
                case "end":
                    return "end";
                case "else":
                    return body;
                case "if", "with", "range":
                    depth++;
                    nodes.add(control(keyword, body.substring(keyword.length()).trim()));
                    depth--;
                    break;
                case "define", "block": {
                    if (keyword.equals("define") && depth > 0) {
                        throw error("unexpected <define> in command");
                    }
                    String rest = body.substring(keyword.length()).trim();
                    int quoteEnd = nameEnd(rest, keyword);
                    String called = unquote(rest.substring(0, quoteEnd));
                    String arg = rest.substring(quoteEnd).trim();
                    if (keyword.equals("define") && !arg.isEmpty()) {
                        throw error("unexpected " + arg + " in define clause");
                    }
                    List<Node> defining = new ArrayList<>();
                    depth++;
                    String end = block(defining);
                    depth--;
                    if (!"end".equals(end)) {
                        throw error(end == null ? "unexpected EOF" : "unexpected {{" + end + "}}");
                    }
                    defined.put(called, defining);
                    if (keyword.equals("block")) {
                        nodes.add(new Template.Call(called, arg.isEmpty() ? null : pipeline(arg)));
                    }
                    break;
                }
                case "template": {
                    String rest = body.substring(keyword.length()).trim();
                    int quoteEnd = nameEnd(rest, keyword);
                    String arg = rest.substring(quoteEnd).trim();
                    nodes.add(new Template.Call(unquote(rest.substring(0, quoteEnd)), arg.isEmpty() ? null : pipeline(arg)));
                    break;
                }
                case "break", "continue":
                    throw error("{{" + keyword + "}} is not supported in alert templates");
                default:
                    nodes.add(new Template.Action(pipeline(body)));
            }
        }
        return null;
    }

    /** The end of the quoted template name that starts {@code rest}, as Go requires one. */
    private int nameEnd(String rest, String keyword) {
        if (!rest.startsWith("\"") && !rest.startsWith("`")) {
            throw error("unexpected " + (rest.isEmpty() ? "\"}}\"" : rest.split("\\s+", 2)[0]) + " in " + keyword
                    + " clause");
        }
        char q = rest.charAt(0);
        for (int i = 1; i < rest.length(); i++) {
            if (q == '"' && rest.charAt(i) == '\\') {
                i++;
            } else if (rest.charAt(i) == q) {
                return i + 1;
            }
        }
        throw error("unterminated quoted string");
    }

    private Node control(String keyword, String rest) {
        if (rest.isEmpty()) {
            throw error("missing value for " + keyword);
        }
        Pipeline p = pipeline(rest);
        List<Node> body = new ArrayList<>();
        String end = block(body);
        List<Node> otherwise = new ArrayList<>();
        if (end == null) {
            throw error("unexpected EOF");
        }
        if (end.startsWith("else")) {
            String elseRest = end.substring(4).trim();
            if (elseRest.startsWith("if ") && keyword.equals("if")) {
                otherwise.add(control("if", elseRest.substring(3).trim()));
            } else {
                String e2 = block(otherwise);
                if (!"end".equals(e2)) {
                    throw error(e2 == null ? "unexpected EOF" : "expected end; found {{" + e2 + "}}");
                }
            }
        }
        return switch (keyword) {
            case "if" -> new Template.If(p, body, otherwise);
            case "with" -> new Template.With(p, body, otherwise);
            default -> new Template.Range(p, body, otherwise);
        };
    }

    private int closing(int from) {
        boolean quote = false;
        char q = 0;
        for (int i = from; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            if (quote) {
                if (c == '\\' && q == '"') {
                    i++;
                } else if (c == q) {
                    quote = false;
                }
            } else if (c == '"' || c == '`') {
                quote = true;
                q = c;
            } else if (c == '}' && text.charAt(i + 1) == '}') {
                return i;
            }
        }
        throw error("unclosed action");
    }

    /** A pipeline: optional declaration, then commands separated by '|'. */
    Pipeline pipeline(String s) {
        List<String> tokens = tokens(s);
        List<String> vars = new ArrayList<>();
        boolean declare = false;
        int i = 0;
        int assign = tokens.indexOf(":=") >= 0 ? tokens.indexOf(":=") : tokens.indexOf("=");
        if (assign > 0 && tokens.subList(0, assign).stream().allMatch(t -> t.startsWith("$") || t.equals(","))) {
            for (String t : tokens.subList(0, assign)) {
                if (!t.equals(",")) {
                    vars.add(t);
                }
            }
            declare = tokens.get(assign).equals(":=");
            i = assign + 1;
        }
        List<List<Operand>> commands = new ArrayList<>();
        List<Operand> current = new ArrayList<>();
        for (; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t.equals("|")) {
                if (current.isEmpty()) {
                    throw error("missing command");
                }
                commands.add(current);
                current = new ArrayList<>();
            } else if (t.equals("(")) {
                int depth = 1;
                int j = i + 1;
                while (j < tokens.size() && depth > 0) {
                    depth += tokens.get(j).equals("(") ? 1 : tokens.get(j).equals(")") ? -1 : 0;
                    j++;
                }
                if (depth != 0) {
                    throw error("unclosed left paren");
                }
                current.add(new Template.Sub(pipeline(String.join(" ", tokens.subList(i + 1, j - 1)))));
                i = j - 1;
            } else if (t.equals(")")) {
                throw error("unexpected right paren");
            } else {
                current.add(operand(t));
            }
        }
        if (current.isEmpty()) {
            throw error("missing value for command");
        }
        commands.add(current);
        return new Pipeline(vars, declare, commands);
    }

    private Operand operand(String t) {
        if (t.startsWith("\"")) {
            return new Template.Literal(unquote(t));
        }
        if (t.startsWith("`")) {
            return new Template.Literal(t.substring(1, t.length() - 1));
        }
        if (t.equals(".")) {
            return new Template.Field(List.of());
        }
        if (t.startsWith(".")) {
            return new Template.Field(List.of(t.substring(1).split("\\.")));
        }
        if (t.startsWith("$")) {
            String[] parts = t.split("\\.");
            return new Template.Variable(parts[0], List.of(parts).subList(1, parts.length));
        }
        if (t.equals("true") || t.equals("false")) {
            return new Template.Literal(Boolean.parseBoolean(t));
        }
        if (t.equals("nil")) {
            return new Template.Literal(null);
        }
        if (t.matches("[-+]?\\d+")) {
            return new Template.Literal(Long.parseLong(t));
        }
        if (t.matches("[-+]?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][-+]?\\d+)?|0[xX][0-9a-fA-F]+")) {
            return new Template.Literal(t.startsWith("0x") || t.startsWith("0X")
                    ? (Object) Long.parseLong(t.substring(2), 16) : Double.parseDouble(t));
        }
        if (t.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            if (!functions.contains(t)) {
                throw error("function \"" + t + "\" not defined");
            }
            return new Template.Identifier(t);
        }
        throw error("unexpected \"" + t + "\" in command");
    }

    private static String unquote(String t) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < t.length() - 1; i++) {
            char c = t.charAt(i);
            if (c == '\\' && i + 1 < t.length() - 1) {
                char n = t.charAt(++i);
                sb.append(switch (n) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> n;
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '`') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != c) {
                    j += c == '"' && s.charAt(j) == '\\' ? 2 : 1;
                }
                if (j >= s.length()) {
                    throw error("unterminated quoted string");
                }
                out.add(s.substring(i, j + 1));
                i = j + 1;
            } else if (c == '(' || c == ')' || c == '|' || c == ',') {
                out.add(String.valueOf(c));
                i++;
            } else if (c == ':' && i + 1 < s.length() && s.charAt(i + 1) == '=') {
                out.add(":=");
                i += 2;
            } else if (c == '=') {
                out.add("=");
                i++;
            } else {
                int j = i;
                while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && "()|,=\"`".indexOf(s.charAt(j)) < 0
                        && !(s.charAt(j) == ':' && j + 1 < s.length() && s.charAt(j + 1) == '=')) {
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            }
        }
        return out;
    }

    private TemplateException error(String message) {
        int line = 1;
        for (int i = 0; i < Math.min(pos, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return new TemplateException("template: " + name + ":" + line + ": " + message);
    }
}
