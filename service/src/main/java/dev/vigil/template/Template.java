package dev.vigil.template;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed Go text/template, the language of Prometheus's alert labels and annotations: text and
 * {@code {{ }}} actions with pipelines, variables, {@code if}/{@code else}/{@code range}/{@code with},
 * trim markers and comments. Functions are supplied when it runs.
 */
public final class Template {

    /** A template function: its arguments in, its value out; throws TemplateException on bad input. */
    public interface Function {
        Object apply(List<Object> args);
    }

    sealed interface Node {
    }

    record Text(String text) implements Node {
    }

    record Action(Pipeline pipeline) implements Node {
    }

    record If(Pipeline condition, List<Node> then, List<Node> otherwise) implements Node {
    }

    record Range(Pipeline over, List<Node> body, List<Node> otherwise) implements Node {
    }

    record With(Pipeline value, List<Node> body, List<Node> otherwise) implements Node {
    }

    /** {@code {{template "name" pipeline}}}: the named template run with the pipeline's value (or nil) as dot. */
    record Call(String template, Pipeline argument) implements Node {
    }

    /** {@code $x := cmd | cmd}: declared (or assigned) variables and commands. */
    record Pipeline(List<String> vars, boolean declare, List<List<Operand>> commands) {
    }

    sealed interface Operand {
    }

    record Field(List<String> path) implements Operand {
    }

    record Variable(String name, List<String> path) implements Operand {
    }

    record Identifier(String name) implements Operand {
    }

    record Literal(Object value) implements Operand {
    }

    record Sub(Pipeline pipeline) implements Operand {
    }

    private final String name;
    private final List<Node> nodes;
    private final Map<String, List<Node>> defined;

    Template(String name, List<Node> nodes, Map<String, List<Node>> defined) {
        this.name = name;
        this.nodes = nodes;
        this.defined = Map.copyOf(defined);
    }

    /** Go's limit on nested template calls; a template that calls itself stops there with Go's error. */
    private static final int MAX_DEPTH = 10_000;

    /**
     * Parses {@code text}; {@code functions} are the names it may call (checked now, as Go does). Templates it
     * names with {@code define} or {@code block} can be run with {@code template}.
     */
    public static Template parse(String name, String text, java.util.Set<String> functions) {
        TemplateParser parser = new TemplateParser(name, text, functions);
        List<Node> nodes = parser.parse();
        return new Template(name, nodes, parser.defined);
    }

    /** Runs the template with {@code dot} as {@code .} and the given variables predeclared. */
    public String execute(Object dot, Map<String, Object> variables, Map<String, Function> functions) {
        StringBuilder out = new StringBuilder();
        Exec e = new Exec(out, functions);
        List<Map<String, Object>> scopes = new ArrayList<>();
        Map<String, Object> root = new HashMap<>(variables);
        root.put("$", dot);
        scopes.add(root);
        e.run(nodes, dot, scopes);
        return out.toString();
    }

    /** The interpreter. */
    private final class Exec {
        private final StringBuilder out;
        private final Map<String, Function> functions;
        private int calls;

        Exec(StringBuilder out, Map<String, Function> functions) {
            this.out = out;
            this.functions = functions;
        }

        void run(List<Node> list, Object dot, List<Map<String, Object>> scopes) {
            for (Node n : list) {
                if (n instanceof Text t) {
                    out.append(t.text());
                } else if (n instanceof Action a) {
                    Object v = pipeline(a.pipeline(), dot, scopes);
                    if (a.pipeline().vars().isEmpty()) {
                        out.append(Values.print(v));
                    }
                } else if (n instanceof If i) {
                    boolean truth = Values.truth(pipeline(i.condition(), dot, scopes));
                    scoped(truth ? i.then() : i.otherwise(), dot, scopes);
                } else if (n instanceof With w) {
                    Object v = pipeline(w.value(), dot, scopes);
                    if (Values.truth(v)) {
                        scoped(w.body(), v, scopes);
                    } else {
                        scoped(w.otherwise(), dot, scopes);
                    }
                } else if (n instanceof Range r) {
                    range(r, dot, scopes);
                } else if (n instanceof Call c) {
                    call(c, dot, scopes);
                }
            }
        }

        /** Runs a named template with its own variables: only {@code $}, its dot, as in Go. */
        private void call(Call c, Object dot, List<Map<String, Object>> scopes) {
            List<Node> body = defined.get(c.template());
            if (body == null) {
                throw new TemplateException("template: " + name + ": template \"" + c.template() + "\" not defined");
            }
            if (++calls > MAX_DEPTH) {
                throw new TemplateException("template: " + name + ": exceeded maximum template depth (100000)");
            }
            Object arg = c.argument() == null ? null : pipeline(c.argument(), dot, scopes);
            List<Map<String, Object>> own = new ArrayList<>();
            Map<String, Object> root = new HashMap<>();
            root.put("$", arg);
            own.add(root);
            try {
                run(body, arg, own);
            } finally {
                calls--;
            }
        }

        private void scoped(List<Node> list, Object dot, List<Map<String, Object>> scopes) {
            scopes.add(new HashMap<>());
            try {
                run(list, dot, scopes);
            } finally {
                scopes.remove(scopes.size() - 1);
            }
        }

        private void range(Range r, Object dot, List<Map<String, Object>> scopes) {
            Object over = pipeline(new Pipeline(List.of(), false, r.over().commands()), dot, scopes);
            List<Object[]> items = new ArrayList<>();
            if (over instanceof Map<?, ?> m) {
                new java.util.TreeMap<>(m).forEach((k, v) -> items.add(new Object[] {k, v}));
            } else if (over instanceof List<?> l) {
                for (int i = 0; i < l.size(); i++) {
                    items.add(new Object[] {(long) i, l.get(i)});
                }
            } else if (over != null) {
                throw new TemplateException("template: " + name + ": range can't iterate over " + Values.print(over));
            }
            if (items.isEmpty()) {
                scoped(r.otherwise(), dot, scopes);
                return;
            }
            for (Object[] kv : items) {
                Map<String, Object> scope = new HashMap<>();
                List<String> vars = r.over().vars();
                if (vars.size() == 1) {
                    scope.put(vars.get(0), kv[1]);
                } else if (vars.size() == 2) {
                    scope.put(vars.get(0), kv[0]);
                    scope.put(vars.get(1), kv[1]);
                }
                scopes.add(scope);
                try {
                    run(r.body(), kv[1], scopes);
                } finally {
                    scopes.remove(scopes.size() - 1);
                }
            }
        }

        Object pipeline(Pipeline p, Object dot, List<Map<String, Object>> scopes) {
            Object value = null;
            boolean piped = false;
            for (List<Operand> cmd : p.commands()) {
                value = command(cmd, dot, scopes, piped, value);
                piped = true;
            }
            for (String v : p.vars()) {
                if (p.declare()) {
                    scopes.get(scopes.size() - 1).put(v, value);
                } else {
                    set(scopes, v, value);
                }
            }
            return value;
        }

        private void set(List<Map<String, Object>> scopes, String var, Object value) {
            for (int i = scopes.size() - 1; i >= 0; i--) {
                if (scopes.get(i).containsKey(var)) {
                    scopes.get(i).put(var, value);
                    return;
                }
            }
            throw new TemplateException("template: " + name + ": undefined variable: " + var);
        }

        private Object command(List<Operand> cmd, Object dot, List<Map<String, Object>> scopes, boolean piped, Object in) {
            Operand first = cmd.get(0);
            if (first instanceof Identifier id) {
                List<Object> args = new ArrayList<>();
                if (id.name().equals("and") || id.name().equals("or")) {
                    return andOr(id.name(), cmd, dot, scopes, piped, in);
                }
                for (Operand o : cmd.subList(1, cmd.size())) {
                    args.add(operand(o, dot, scopes));
                }
                if (piped) {
                    args.add(in);
                }
                Function f = functions.get(id.name());
                if (f == null) {
                    throw new TemplateException("template: " + name + ": function \"" + id.name() + "\" not defined");
                }
                return f.apply(args);
            }
            if (cmd.size() > 1 || piped) {
                throw new TemplateException("template: " + name + ": can't give argument to non-function " + describe(first));
            }
            return operand(first, dot, scopes);
        }

        private Object andOr(String op, List<Operand> cmd, Object dot, List<Map<String, Object>> scopes, boolean piped, Object in) {
            List<Operand> args = cmd.subList(1, cmd.size());
            int n = args.size() + (piped ? 1 : 0);
            if (n < 1) {
                throw new TemplateException("template: " + name + ": wrong number of args for " + op + ": want at least 1 got 0");
            }
            Object v = null;
            for (int i = 0; i < n; i++) {
                v = i < args.size() ? operand(args.get(i), dot, scopes) : in;
                boolean t = Values.truth(v);
                if (op.equals("and") != t) {
                    return v;
                }
            }
            return v;
        }

        private Object operand(Operand o, Object dot, List<Map<String, Object>> scopes) {
            if (o instanceof Literal l) {
                return l.value();
            }
            if (o instanceof Field f) {
                return walk(dot, f.path());
            }
            if (o instanceof Variable v) {
                for (int i = scopes.size() - 1; i >= 0; i--) {
                    if (scopes.get(i).containsKey(v.name())) {
                        return walk(scopes.get(i).get(v.name()), v.path());
                    }
                }
                throw new TemplateException("template: " + name + ": undefined variable: " + v.name());
            }
            if (o instanceof Sub s) {
                return pipeline(s.pipeline(), dot, scopes);
            }
            Function f = functions.get(((Identifier) o).name());
            if (f == null) {
                throw new TemplateException("template: " + name + ": function \"" + ((Identifier) o).name() + "\" not defined");
            }
            return f.apply(List.of());
        }

        private Object walk(Object v, List<String> path) {
            Object cur = v;
            for (String p : path) {
                if (cur instanceof Map<?, ?> m) {
                    cur = m.containsKey(p) ? m.get(p) : (isStringMap(m) ? "" : null);
                } else {
                    throw new TemplateException("template: " + name + ": can't evaluate field " + p + " in type "
                            + GoFormat.typeName(cur));
                }
            }
            return cur;
        }

        private boolean isStringMap(Map<?, ?> m) {
            return m.values().stream().allMatch(x -> x instanceof String);
        }

        private String describe(Operand o) {
            if (o instanceof Field f) {
                return "." + String.join(".", f.path());
            }
            if (o instanceof Variable v) {
                return v.name() + (v.path().isEmpty() ? "" : "." + String.join(".", v.path()));
            }
            return o.toString();
        }
    }
}
