package io.norn.logql.log.template;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.norn.logql.log.template.Node.ActionNode;
import io.norn.logql.log.template.Node.ChainNode;
import io.norn.logql.log.template.Node.CommandNode;
import io.norn.logql.log.template.Node.FieldNode;
import io.norn.logql.log.template.Node.IfNode;
import io.norn.logql.log.template.Node.ListNode;
import io.norn.logql.log.template.Node.PipeNode;
import io.norn.logql.log.template.Node.RangeNode;
import io.norn.logql.log.template.Node.TemplateNode;
import io.norn.logql.log.template.Node.WithNode;

import java.time.InstantSource;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * A parsed Go {@code text/template} with Loki's template functions, as used by {@code line_format} and
 * {@code label_format}. Parse once, execute per line; immutable and thread-safe.
 */
public final class Template {
    /** The name Loki gives {@code line_format} templates; {@code label_format} uses "label". */
    public static final String LINE = "line";
    public static final String LABEL = "label";

    private static final int MAX_CACHED_REGEXES = 64;

    private final String name;
    private final String text;
    private final ListNode root;
    private final Map<String, ListNode> defined;
    private final ZoneId zone;
    private final InstantSource clock;
    private final Set<String> fieldNames;
    private final ConcurrentHashMap<String, Object> regexes = new ConcurrentHashMap<>();

    private Template(String name, String text, Parser.Result parsed, ZoneId zone, InstantSource clock) {
        this.name = name;
        this.text = text;
        this.root = parsed.root();
        this.defined = parsed.defined();
        this.zone = zone;
        this.clock = clock;
        Set<String> fields = new LinkedHashSet<>();
        collectFields(root, fields);
        for (ListNode l : defined.values()) collectFields(l, fields);
        this.fieldNames = Set.copyOf(fields);
    }

    /** Parses a {@code line_format} template (named "line"), rendering times in UTC. */
    public static Template parse(String text) throws TemplateException {
        return parse(LINE, text, ZoneOffset.UTC);
    }

    /** Parses a template with the given name (used in error messages) and the zone dates are rendered in. */
    public static Template parse(String name, String text, ZoneId zone) throws TemplateException {
        return parse(name, text, zone, InstantSource.system());
    }

    static Template parse(String name, String text, ZoneId zone, InstantSource clock) throws TemplateException {
        requireNonNull(name, "name is null");
        requireNonNull(text, "text is null");
        requireNonNull(zone, "zone is null");
        requireNonNull(clock, "clock is null");
        try {
            return new Template(name, text, Parser.parse(name, text), zone, clock);
        } catch (Parser.ParseError e) {
            throw new TemplateException(e.getMessage());
        }
    }

    /** Runs the template on one line and returns the text it produces. */
    public String execute(TemplateContext ctx) throws TemplateException {
        StringBuilder out = new StringBuilder(Math.max(16, text.length() + 32));
        execute(ctx, out);
        return out.toString();
    }

    /**
     * Runs the template on one line, appending to {@code out} (which callers may reuse between lines). On an
     * error {@code out} holds whatever was written before it.
     */
    public void execute(TemplateContext ctx, StringBuilder out) throws TemplateException {
        requireNonNull(ctx, "ctx is null");
        requireNonNull(out, "out is null");
        new Exec(this, ctx, out).run();
    }

    /** The label names the template reads with {@code .name} (Loki's RequiredLabelNames), in order of appearance. */
    public Set<String> fieldNames() {
        return fieldNames;
    }

    /** The template text as given. */
    public String text() {
        return text;
    }

    public String name() {
        return name;
    }

    ListNode root() {
        return root;
    }

    ListNode lookup(String templateName) {
        if (templateName.equals(name) && !defined.containsKey(templateName)) return root;
        return defined.get(templateName);
    }

    ZoneId zone() {
        return zone;
    }

    InstantSource clock() {
        return clock;
    }

    /** A compiled regular expression, cached per template; a syntax error comes back as its Go message. */
    Pattern regex(String re) throws Functions.FuncError {
        Object cached = regexes.get(re);
        if (cached == null) {
            try {
                cached = Pattern.compile(re);
            } catch (PatternSyntaxException e) {
                cached = e.getMessage();
            }
            if (regexes.size() >= MAX_CACHED_REGEXES) regexes.clear();
            regexes.put(re, cached);
        }
        if (cached instanceof Pattern p) return p;
        throw new Functions.FuncError((String) cached);
    }

    /** Turns a char offset in the text into Go's "line:col" (col counted in bytes from the line start). */
    String location(int pos) {
        int p = Math.min(Math.max(pos, 0), text.length());
        int lineStart = text.lastIndexOf('\n', p - 1) + 1;
        int line = 1;
        for (int i = 0; i < lineStart; i++) if (text.charAt(i) == '\n') line++;
        int col = GoText.utf8Length(text.subSequence(lineStart, p));
        return line + ":" + col;
    }

    private static void collectFields(Node n, Set<String> out) {
        switch (n) {
            case ListNode l -> {
                for (Node c : l.nodes()) collectFields(c, out);
            }
            case ActionNode a -> collectFields(a.pipe(), out);
            case IfNode i -> branch(i.pipe(), i.list(), i.elseList(), out);
            case WithNode w -> branch(w.pipe(), w.list(), w.elseList(), out);
            case RangeNode r -> branch(r.pipe(), r.list(), r.elseList(), out);
            case TemplateNode t -> {
                if (t.pipe() != null) collectFields(t.pipe(), out);
            }
            case PipeNode p -> {
                for (CommandNode c : p.cmds()) collectFields(c, out);
            }
            case CommandNode c -> {
                for (Node a : c.args()) collectFields(a, out);
            }
            case ChainNode c -> collectFields(c.node(), out);
            case FieldNode f -> out.addAll(java.util.List.of(f.ident()));
            default -> {
            }
        }
    }

    private static void branch(PipeNode pipe, ListNode list, ListNode elseList, Set<String> out) {
        collectFields(pipe, out);
        collectFields(list, out);
        if (elseList != null) collectFields(elseList, out);
    }

    @Override
    public String toString() {
        return "Template[" + name + ": " + text + "]";
    }
}
