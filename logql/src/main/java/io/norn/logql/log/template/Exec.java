package io.norn.logql.log.template;

import com.google.re2j.Pattern;
import io.norn.logql.log.template.Functions.Func;
import io.norn.logql.log.template.Functions.FuncError;
import io.norn.logql.log.template.Functions.Kind;
import io.norn.logql.log.template.GoValues.GoTime;
import io.norn.logql.log.template.GoValues.LabelData;
import io.norn.logql.log.template.Node.ActionNode;
import io.norn.logql.log.template.Node.BoolNode;
import io.norn.logql.log.template.Node.BreakNode;
import io.norn.logql.log.template.Node.ChainNode;
import io.norn.logql.log.template.Node.CommandNode;
import io.norn.logql.log.template.Node.ContinueNode;
import io.norn.logql.log.template.Node.DotNode;
import io.norn.logql.log.template.Node.FieldNode;
import io.norn.logql.log.template.Node.IdentifierNode;
import io.norn.logql.log.template.Node.IfNode;
import io.norn.logql.log.template.Node.ListNode;
import io.norn.logql.log.template.Node.NilNode;
import io.norn.logql.log.template.Node.NumberNode;
import io.norn.logql.log.template.Node.PipeNode;
import io.norn.logql.log.template.Node.RangeNode;
import io.norn.logql.log.template.Node.StringNode;
import io.norn.logql.log.template.Node.TemplateNode;
import io.norn.logql.log.template.Node.TextNode;
import io.norn.logql.log.template.Node.VariableNode;
import io.norn.logql.log.template.Node.WithNode;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The state of one execution of a template, following Go's {@code text/template} exec.go. */
final class Exec {
    /** Deepest {{template}} nesting; Go stops at 100000, far beyond a JVM thread's stack. */
    static final int MAX_TEMPLATE_DEPTH = 200;
    private static final Object MISSING = new Object();
    private static final int NORMAL = 0;
    private static final int BREAK = 1;
    private static final int CONTINUE = 2;

    static final class ExecError extends RuntimeException {
        ExecError(String message) {
            super(message, null, false, false);
        }
    }

    private final Template tmpl;
    private final TemplateContext ctx;
    private final StringBuilder out;
    private String execName;
    private Node node;
    private String[] varNames = new String[8];
    private Object[] varValues = new Object[8];
    private int nvars;
    private int depth;

    Exec(Template tmpl, TemplateContext ctx, StringBuilder out) {
        this.tmpl = tmpl;
        this.ctx = ctx;
        this.out = out;
        this.execName = tmpl.name();
    }

    TemplateContext ctx() {
        return ctx;
    }

    ZoneId zone() {
        return tmpl.zone();
    }

    GoTime now() {
        java.time.Instant i = tmpl.clock().instant();
        return new GoTime(i.getEpochSecond(), i.getNano(), tmpl.zone());
    }

    Pattern regex(String re) throws FuncError {
        return tmpl.regex(re);
    }

    void run() throws TemplateException {
        Object data = new LabelData(ctx);
        push("$", data);
        try {
            walk(data, tmpl.root());
        } catch (ExecError e) {
            throw new TemplateException(e.getMessage());
        } catch (StackOverflowError e) {
            throw new TemplateException("template: " + tmpl.name() + ": exceeded maximum execution depth");
        }
    }

    // ---------------------------------------------------------------- errors and variables

    private ExecError errorf(String msg) {
        if (node == null) throw new ExecError("template: " + execName + ": " + msg);
        String location = tmpl.name() + ":" + tmpl.location(node.pos());
        throw new ExecError("template: " + location + ": executing " + GoText.quote(execName) + " at <"
                + Node.text(node) + ">: " + msg);
    }

    private void push(String name, Object value) {
        if (nvars == varNames.length) {
            varNames = Arrays.copyOf(varNames, nvars * 2);
            varValues = Arrays.copyOf(varValues, nvars * 2);
        }
        varNames[nvars] = name;
        varValues[nvars] = value;
        nvars++;
    }

    private void pop(int mark) {
        for (int i = mark; i < nvars; i++) varValues[i] = null;
        nvars = mark;
    }

    private void setVar(String name, Object value) {
        for (int i = nvars - 1; i >= 0; i--) {
            if (varNames[i].equals(name)) {
                varValues[i] = value;
                return;
            }
        }
        throw errorf("undefined variable: " + name);
    }

    private Object varValue(String name) {
        for (int i = nvars - 1; i >= 0; i--) {
            if (varNames[i].equals(name)) return varValues[i];
        }
        throw errorf("undefined variable: " + name);
    }

    // ---------------------------------------------------------------- walking

    private int walk(Object dot, Node n) {
        node = n;
        switch (n) {
            case ActionNode a -> {
                Object val = evalPipeline(dot, a.pipe());
                if (a.pipe().decl().length == 0) printValue(a, val);
                return NORMAL;
            }
            case BreakNode b -> {
                return BREAK;
            }
            case ContinueNode c -> {
                return CONTINUE;
            }
            case IfNode i -> {
                return walkIfOrWith(false, dot, i.pipe(), i.list(), i.elseList());
            }
            case WithNode w -> {
                return walkIfOrWith(true, dot, w.pipe(), w.list(), w.elseList());
            }
            case ListNode l -> {
                for (Node c : l.nodes()) {
                    int r = walk(dot, c);
                    if (r != NORMAL) return r;
                }
                return NORMAL;
            }
            case RangeNode r -> {
                walkRange(dot, r);
                return NORMAL;
            }
            case TemplateNode t -> {
                walkTemplate(dot, t);
                return NORMAL;
            }
            case TextNode t -> {
                out.append(t.text());
                checkOutput();
                return NORMAL;
            }
            default -> throw errorf("unknown node: " + Node.text(n));
        }
    }

    private void checkOutput() {
        if (out.length() > Functions.MAX_RESULT_CHARS) throw errorf("output too large");
    }

    private int walkIfOrWith(boolean with, Object dot, PipeNode pipe, ListNode list, ListNode elseList) {
        int mark = nvars;
        try {
            Object val = evalPipeline(dot, pipe);
            if (GoValues.truth(GoValues.dig(val))) {
                return walk(with ? val : dot, list);
            } else if (elseList != null) {
                return walk(dot, elseList);
            }
            return NORMAL;
        } finally {
            pop(mark);
        }
    }

    private void walkRange(Object dot, RangeNode r) {
        node = r;
        int mark = nvars;
        try {
            Object val = GoValues.dig(evalPipeline(dot, r.pipe()));
            int inner = nvars;
            switch (val) {
                case List<?> l -> {
                    if (!l.isEmpty()) {
                        for (int i = 0; i < l.size(); i++) {
                            Object e = l.get(i);
                            if (oneIteration(r, inner, (long) i, e == null ? GoValues.TYPED_NIL : e) == BREAK) break;
                        }
                        return;
                    }
                }
                case LabelData d -> {
                    Map<String, String> m = d.sorted();
                    if (!m.isEmpty()) {
                        for (Map.Entry<String, String> e : m.entrySet()) {
                            if (oneIteration(r, inner, e.getKey(), e.getValue()) == BREAK) break;
                        }
                        return;
                    }
                }
                case Map<?, ?> m -> {
                    if (!m.isEmpty()) {
                        for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) {
                            Object v = e.getValue();
                            if (oneIteration(r, inner, e.getKey(), v == null ? GoValues.TYPED_NIL : v) == BREAK) break;
                        }
                        return;
                    }
                }
                case null -> {
                }
                default -> throw errorf("range can't iterate over " + GoFmt.toString(val));
            }
            if (r.elseList() != null) walk(dot, r.elseList());
        } finally {
            pop(mark);
        }
    }

    private int oneIteration(RangeNode r, int mark, Object index, Object elem) {
        VariableNode[] decl = r.pipe().decl();
        if (decl.length > 0) {
            if (r.pipe().isAssign()) {
                setVar(decl[0].ident()[0], decl.length > 1 ? index : elem);
            } else {
                varValues[nvars - 1] = elem;
            }
        }
        if (decl.length > 1) {
            if (r.pipe().isAssign()) setVar(decl[1].ident()[0], elem);
            else varValues[nvars - 2] = index;
        }
        try {
            return walk(elem, r.list());
        } finally {
            pop(mark);
        }
    }

    private void walkTemplate(Object dot, TemplateNode t) {
        node = t;
        ListNode target = tmpl.lookup(t.name());
        if (target == null) throw errorf("template " + GoText.quote(t.name()) + " not defined");
        if (depth >= MAX_TEMPLATE_DEPTH) throw errorf("exceeded maximum template depth (" + MAX_TEMPLATE_DEPTH + ")");
        Object newDot = evalPipeline(dot, t.pipe());
        String savedName = execName;
        String[] savedNames = varNames;
        Object[] savedValues = varValues;
        int savedCount = nvars;
        varNames = new String[8];
        varValues = new Object[8];
        nvars = 0;
        push("$", newDot);
        depth++;
        execName = t.name();
        try {
            walk(newDot, target);
        } finally {
            depth--;
            execName = savedName;
            varNames = savedNames;
            varValues = savedValues;
            nvars = savedCount;
        }
    }

    private void printValue(Node n, Object v) {
        node = n;
        if (v == null) {
            out.append("<no value>");
        } else {
            GoFmt.appendValue(out, v);
        }
        checkOutput();
    }

    // ---------------------------------------------------------------- evaluation

    private Object evalPipeline(Object dot, PipeNode pipe) {
        if (pipe == null) return null;
        node = pipe;
        Object value = MISSING;
        for (CommandNode cmd : pipe.cmds()) {
            value = GoValues.dig(evalCommand(dot, cmd, value));
        }
        for (VariableNode v : pipe.decl()) {
            if (pipe.isAssign()) setVar(v.ident()[0], value);
            else push(v.ident()[0], value);
        }
        return value;
    }

    private void notAFunction(Node[] args, Object fin) {
        if (args.length > 1 || fin != MISSING) throw errorf("can't give argument to non-function " + Node.text(args[0]));
    }

    private Object evalCommand(Object dot, CommandNode cmd, Object fin) {
        Node first = cmd.args()[0];
        switch (first) {
            case FieldNode f -> {
                return evalFieldNode(dot, f, cmd.args(), fin);
            }
            case ChainNode c -> {
                return evalChainNode(dot, c, cmd.args(), fin);
            }
            case IdentifierNode id -> {
                return evalFunction(dot, id, cmd, cmd.args(), fin);
            }
            case PipeNode p -> {
                notAFunction(cmd.args(), fin);
                return evalPipeline(dot, p);
            }
            case VariableNode v -> {
                return evalVariableNode(dot, v, cmd.args(), fin);
            }
            default -> {
            }
        }
        node = first;
        notAFunction(cmd.args(), fin);
        return switch (first) {
            case BoolNode b -> b.value();
            case DotNode d -> dot;
            case NilNode nn -> throw errorf("nil is not a command");
            case NumberNode num -> idealConstant(num);
            case StringNode s -> s.text();
            default -> throw errorf("can't evaluate command " + GoText.quote(Node.text(first)));
        };
    }

    private Object idealConstant(NumberNode c) {
        node = c;
        String t = c.text();
        boolean hexInt = t.length() > 2 && t.charAt(0) == '0' && (t.charAt(1) == 'x' || t.charAt(1) == 'X')
                && t.indexOf('p') < 0 && t.indexOf('P') < 0;
        boolean runeInt = t.startsWith("'");
        if (c.isFloat() && !hexInt && !runeInt && (t.indexOf('.') >= 0 || t.indexOf('e') >= 0 || t.indexOf('E') >= 0
                || t.indexOf('p') >= 0 || t.indexOf('P') >= 0)) {
            return c.float64();
        }
        if (c.isInt()) return c.int64();
        if (c.isUint()) throw errorf(t + " overflows int");
        return null;
    }

    private Object evalFieldNode(Object dot, FieldNode field, Node[] args, Object fin) {
        node = field;
        return evalFieldChain(dot, dot, field, field.ident(), 0, args, fin);
    }

    private Object evalChainNode(Object dot, ChainNode chain, Node[] args, Object fin) {
        node = chain;
        if (chain.node() instanceof NilNode) throw errorf("indirection through explicit nil in " + Node.text(chain));
        Object pipe = evalArg(dot, null, chain.node());
        return evalFieldChain(dot, pipe, chain, chain.fields(), 0, args, fin);
    }

    private Object evalVariableNode(Object dot, VariableNode v, Node[] args, Object fin) {
        node = v;
        Object value = varValue(v.ident()[0]);
        if (v.ident().length == 1) {
            if (args != null) notAFunction(args, fin);
            return value;
        }
        return evalFieldChain(dot, value, v, v.ident(), 1, args, fin);
    }

    private Object evalFieldChain(Object dot, Object receiver, Node n, String[] ident, int from, Node[] args, Object fin) {
        boolean wrapped = false;
        for (int i = from; i < ident.length - 1; i++) {
            Object next = evalField(dot, ident[i], n, null, MISSING, receiver, wrapped);
            wrapped = receiver instanceof Map<?, ?> && !(receiver instanceof LabelData);
            receiver = next;
        }
        return evalField(dot, ident[ident.length - 1], n, args, fin, receiver, wrapped);
    }

    private Object evalField(Object dot, String fieldName, Node n, Node[] args, Object fin, Object receiver, boolean wrapped) {
        if (receiver == null) return null;
        if (receiver == GoValues.TYPED_NIL) throw errorf("nil pointer evaluating interface {}." + fieldName);
        boolean hasArgs = (args != null && args.length > 1) || fin != MISSING;
        switch (receiver) {
            case GoTime t -> {
                Object r = timeMethod(dot, t, fieldName, n, args, fin);
                if (r != MISSING) return r;
            }
            case LabelData d -> {
                if (hasArgs) throw errorf(fieldName + " is not a method but has arguments");
                return d.get(fieldName);
            }
            case Map<?, ?> m -> {
                if (hasArgs) throw errorf(fieldName + " is not a method but has arguments");
                Object v = m.get(fieldName);
                return v == null ? GoValues.TYPED_NIL : v;
            }
            default -> {
            }
        }
        throw errorf("can't evaluate field " + fieldName + " in type " + (wrapped ? "interface {}" : GoValues.typeName(receiver)));
    }

    /** The methods of time.Time a template may call; MISSING when there is no such method. */
    private Object timeMethod(Object dot, GoTime t, String name, Node n, Node[] args, Object fin) {
        Node[] argNodes = args == null ? new Node[0] : Arrays.copyOfRange(args, 1, args.length);
        int numIn = argNodes.length + (fin != MISSING ? 1 : 0);
        java.time.ZonedDateTime z = t.instant().atZone(t.zone());
        int want = name.equals("Format") ? 1 : 0;
        Object r = switch (name) {
            case "Unix" -> new GoValues.Int64(t.epochSecond());
            case "UnixMilli" -> new GoValues.Int64(t.epochSecond() * 1000 + t.nano() / 1_000_000);
            case "UnixMicro" -> new GoValues.Int64(t.epochSecond() * 1_000_000 + t.nano() / 1000);
            case "UnixNano" -> new GoValues.Int64(t.unixNano());
            case "Year" -> (long) z.getYear();
            case "YearDay" -> (long) z.getDayOfYear();
            case "Day" -> (long) z.getDayOfMonth();
            case "Hour" -> (long) z.getHour();
            case "Minute" -> (long) z.getMinute();
            case "Second" -> (long) z.getSecond();
            case "Nanosecond" -> (long) z.getNano();
            case "IsZero" -> t.isZero();
            case "UTC" -> t.in(java.time.ZoneOffset.UTC);
            case "Local" -> t.in(tmpl.zone());
            case "String" -> GoFmt.toString(t);
            case "Format" -> "";
            default -> MISSING;
        };
        if (r == MISSING) return MISSING;
        if (numIn != want) throw errorf("wrong number of args for " + name + ": want " + want + " got " + numIn);
        if (name.equals("Format")) {
            Object layout = argNodes.length == 1 ? evalArg(dot, Kind.STRING, argNodes[0]) : validateType(fin, Kind.STRING);
            return GoTimeFormat.format(t, (String) layout);
        }
        return r;
    }

    private Object evalFunction(Object dot, IdentifierNode id, Node cmd, Node[] args, Object fin) {
        node = id;
        return evalCall(dot, id.func(), cmd, id.name(), args, fin);
    }

    private Object evalCall(Object dot, Func f, Node callNode, String name, Node[] args, Object fin) {
        int nargs = args == null ? 0 : args.length - 1;
        int numIn = nargs + (fin != MISSING ? 1 : 0);
        Kind[] params = f.params();
        int numFixed = nargs;
        if (f.variadic()) {
            numFixed = params.length - 1;
            if (numIn < numFixed) {
                throw errorf("wrong number of args for " + name + ": want at least " + (params.length - 1) + " got " + nargs);
            }
        } else if (numIn != params.length) {
            throw errorf("wrong number of args for " + name + ": want " + params.length + " got " + numIn);
        }
        if (f.builtin() && (name.equals("and") || name.equals("or"))) {
            boolean isOr = name.equals("or");
            Object v = null;
            for (int i = 0; i < nargs; i++) {
                v = evalArg(dot, Kind.VALUE, args[i + 1]);
                if (GoValues.truth(GoValues.dig(v)) == isOr) return v;
            }
            if (fin != MISSING) v = validateType(fin, Kind.VALUE);
            return v;
        }
        Object[] argv = new Object[numIn];
        int i = 0;
        for (; i < numFixed && i < nargs; i++) argv[i] = evalArg(dot, params[i], args[i + 1]);
        if (f.variadic()) {
            Kind elem = params[params.length - 1];
            for (; i < nargs; i++) argv[i] = evalArg(dot, elem, args[i + 1]);
        }
        if (fin != MISSING) {
            Kind t = f.variadic() && numIn - 1 >= numFixed ? params[params.length - 1] : params[numIn - 1];
            argv[i] = validateType(fin, t);
        }
        try {
            return f.impl().call(this, argv);
        } catch (FuncError e) {
            node = callNode;
            throw errorf("error calling " + name + ": " + e.getMessage());
        } catch (ExecError e) {
            throw e;
        } catch (ArithmeticException e) {
            node = callNode;
            throw errorf("error calling " + name + ": runtime error: integer divide by zero");
        } catch (RuntimeException e) {
            node = callNode;
            throw errorf("error calling " + name + ": " + e.getMessage());
        }
    }

    private Object validateType(Object value, Kind kind) {
        if (value == null) {
            if (kind == null || kind == Kind.ANY || kind == Kind.VALUE) return null;
            throw errorf("invalid value; expected " + kind.goName);
        }
        if (kind == null || kind == Kind.VALUE) return value;
        if (value == GoValues.TYPED_NIL) {
            if (kind == Kind.ANY) return null;
            throw errorf("wrong type for value; expected " + kind.goName + "; got interface {}");
        }
        boolean ok = switch (kind) {
            case STRING -> value instanceof String;
            case INT -> value instanceof Long;
            case FLOAT -> value instanceof Double;
            case BOOL -> value instanceof Boolean;
            case TIME -> value instanceof GoTime;
            case ANY, VALUE -> true;
        };
        if (!ok) throw errorf("wrong type for value; expected " + kind.goName + "; got " + GoValues.typeName(value));
        return value;
    }

    private Object evalArg(Object dot, Kind kind, Node n) {
        node = n;
        switch (n) {
            case DotNode d -> {
                return validateType(dot, kind);
            }
            case NilNode nn -> {
                if (kind == Kind.ANY || kind == Kind.VALUE) return null;
                throw errorf("cannot assign nil to " + kind.goName);
            }
            case FieldNode f -> {
                return validateType(evalFieldNode(dot, f, new Node[]{n}, MISSING), kind);
            }
            case VariableNode v -> {
                return validateType(evalVariableNode(dot, v, null, MISSING), kind);
            }
            case PipeNode p -> {
                return validateType(evalPipeline(dot, p), kind);
            }
            case IdentifierNode id -> {
                return validateType(evalFunction(dot, id, id, null, MISSING), kind);
            }
            case ChainNode c -> {
                return validateType(evalChainNode(dot, c, null, MISSING), kind);
            }
            default -> {
            }
        }
        if (kind == null) throw errorf("can't handle " + Node.text(n) + " for arg of type <nil>");
        return switch (kind) {
            case BOOL -> {
                if (n instanceof BoolNode b) yield b.value();
                throw errorf("expected bool; found " + Node.text(n));
            }
            case FLOAT -> {
                if (n instanceof NumberNode num && num.isFloat()) yield num.float64();
                throw errorf("expected float; found " + Node.text(n));
            }
            case INT -> {
                if (n instanceof NumberNode num && num.isInt()) yield num.int64();
                throw errorf("expected integer; found " + Node.text(n));
            }
            case ANY, VALUE -> switch (n) {
                case BoolNode b -> b.value();
                case NumberNode num -> idealConstant(num);
                case StringNode s -> s.text();
                default -> throw errorf("can't handle assignment of " + Node.text(n) + " to empty interface argument");
            };
            case STRING -> {
                if (n instanceof StringNode s) yield s.text();
                throw errorf("expected string; found " + Node.text(n));
            }
            case TIME -> throw errorf("can't handle " + Node.text(n) + " for arg of type time.Time");
        };
    }
}
