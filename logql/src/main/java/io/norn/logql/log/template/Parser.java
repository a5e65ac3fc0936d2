package io.norn.logql.log.template;

import io.norn.logql.log.template.Lexer.Item;
import io.norn.logql.log.template.Lexer.Type;
import io.norn.logql.log.template.Node.ActionNode;
import io.norn.logql.log.template.Node.BoolNode;
import io.norn.logql.log.template.Node.BreakNode;
import io.norn.logql.log.template.Node.ChainNode;
import io.norn.logql.log.template.Node.CommandNode;
import io.norn.logql.log.template.Node.ContinueNode;
import io.norn.logql.log.template.Node.DotNode;
import io.norn.logql.log.template.Node.ElseNode;
import io.norn.logql.log.template.Node.EndNode;
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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A recursive-descent parser that follows Go's {@code text/template/parse} grammar and error messages. */
final class Parser {
    /** Deepest nesting of parentheses and control structures accepted; deeper input is rejected, not overflowed. */
    static final int MAX_DEPTH = 500;

    static final class ParseError extends RuntimeException {
        ParseError(String message) {
            super(message, null, false, false);
        }
    }

    private final String name;
    private final List<Item> items;
    private final Map<String, ListNode> defined;
    private int idx;
    private int maxIdx;
    private List<String> vars = new ArrayList<>();
    private int rangeDepth;
    private int depth;
    private int actionLine;

    private Parser(String name, List<Item> items, Map<String, ListNode> defined) {
        this.name = name;
        this.items = items;
        this.defined = defined;
        vars.add("$");
    }

    record Result(ListNode root, Map<String, ListNode> defined) {
    }

    static Result parse(String name, String text) {
        Map<String, ListNode> defined = new HashMap<>();
        Parser p = new Parser(name, Lexer.lex(text), defined);
        ListNode root = p.parseTop();
        return new Result(root, Map.copyOf(defined));
    }

    // ---- token access

    private Item next() {
        Item it = items.get(Math.min(idx, items.size() - 1));
        if (idx < items.size()) idx++;
        if (idx - 1 > maxIdx) maxIdx = idx - 1;
        return it;
    }

    private void backup() {
        idx--;
    }

    private Item peek() {
        Item it = next();
        backup();
        return it;
    }

    private Item nextNonSpace() {
        Item it;
        do {
            it = next();
        } while (it.type() == Type.SPACE);
        return it;
    }

    private Item peekNonSpace() {
        Item it = nextNonSpace();
        backup();
        return it;
    }

    private ParseError errorf(String msg) {
        int line = items.get(Math.min(maxIdx, items.size() - 1)).line();
        throw new ParseError("template: " + name + ":" + line + ": " + msg);
    }

    private ParseError unexpected(Item token, String context) {
        if (token.type() == Type.ERROR) {
            String extra = "";
            if (actionLine != 0 && actionLine != token.line()) {
                extra = " in action started at " + name + ":" + actionLine;
                if (token.val().endsWith(" action")) extra = extra.substring(" in action".length());
            }
            throw errorf(token.val() + extra);
        }
        throw errorf("unexpected " + token + " in " + context);
    }

    private Item expect(Type t, String context) {
        Item token = nextNonSpace();
        if (token.type() != t) throw unexpected(token, context);
        return token;
    }

    private void enter() {
        if (++depth > MAX_DEPTH) throw errorf("max expression depth exceeded");
    }

    // ---- grammar

    private ListNode parseTop() {
        List<Node> nodes = new ArrayList<>();
        int pos = peek().pos();
        while (peek().type() != Type.EOF) {
            if (peek().type() == Type.LEFT_DELIM) {
                int save = idx;
                next();
                if (nextNonSpace().type() == Type.DEFINE) {
                    parseDefinition();
                    continue;
                }
                idx = save;
            }
            Node n = textOrAction();
            if (n instanceof EndNode || n instanceof ElseNode) throw errorf("unexpected " + Node.text(n));
            nodes.add(n);
        }
        return new ListNode(pos, nodes.toArray(Node[]::new));
    }

    private void parseDefinition() {
        String context = "define clause";
        Item nameTok = nextNonSpace();
        if (nameTok.type() != Type.STRING && nameTok.type() != Type.RAW_STRING) throw unexpected(nameTok, context);
        String defName = unquote(nameTok.val());
        expect(Type.RIGHT_DELIM, context);
        List<String> saved = vars;
        vars = new ArrayList<>(List.of("$"));
        ItemList body = itemList();
        vars = saved;
        if (!(body.end instanceof EndNode)) throw errorf("unexpected " + Node.text(body.end) + " in " + context);
        addDefinition(defName, body.list);
    }

    private void addDefinition(String defName, ListNode list) {
        ListNode existing = defined.get(defName);
        if (existing == null || isEmptyTree(existing)) {
            defined.put(defName, list);
        } else if (!isEmptyTree(list)) {
            throw errorf("template: multiple definition of template " + GoText.quote(defName));
        }
    }

    private static boolean isEmptyTree(Node n) {
        return switch (n) {
            case ListNode l -> {
                for (Node c : l.nodes()) if (!isEmptyTree(c)) yield false;
                yield true;
            }
            case TextNode t -> t.text().strip().isEmpty();
            default -> false;
        };
    }

    private record ItemList(ListNode list, Node end) {
    }

    private ItemList itemList() {
        int pos = peekNonSpace().pos();
        List<Node> nodes = new ArrayList<>();
        while (peekNonSpace().type() != Type.EOF) {
            Node n = textOrAction();
            if (n instanceof EndNode || n instanceof ElseNode) {
                return new ItemList(new ListNode(pos, nodes.toArray(Node[]::new)), n);
            }
            nodes.add(n);
        }
        throw errorf("unexpected EOF");
    }

    private Node textOrAction() {
        Item token = nextNonSpace();
        return switch (token.type()) {
            case TEXT -> new TextNode(token.pos(), token.val());
            case LEFT_DELIM -> {
                actionLine = token.line();
                try {
                    yield action();
                } finally {
                    actionLine = 0;
                }
            }
            default -> throw unexpected(token, "input");
        };
    }

    private Node action() {
        Item token = nextNonSpace();
        switch (token.type()) {
            case BLOCK:
                return blockControl();
            case BREAK:
                return breakControl(token);
            case CONTINUE:
                return continueControl(token);
            case ELSE:
                return elseControl();
            case END:
                expect(Type.RIGHT_DELIM, "end");
                return new EndNode(token.pos());
            case IF:
                return ifControl();
            case RANGE:
                return rangeControl();
            case TEMPLATE:
                return templateControl();
            case WITH:
                return withControl();
            default:
                break;
        }
        backup();
        int pos = peek().pos();
        return new ActionNode(pos, pipeline("command", Type.RIGHT_DELIM));
    }

    private Node breakControl(Item kw) {
        Item token = nextNonSpace();
        if (token.type() != Type.RIGHT_DELIM) throw unexpected(token, "{{break}}");
        if (rangeDepth == 0) throw errorf("{{break}} outside {{range}}");
        return new BreakNode(kw.pos());
    }

    private Node continueControl(Item kw) {
        Item token = nextNonSpace();
        if (token.type() != Type.RIGHT_DELIM) throw unexpected(token, "{{continue}}");
        if (rangeDepth == 0) throw errorf("{{continue}} outside {{range}}");
        return new ContinueNode(kw.pos());
    }

    private Node elseControl() {
        Item peek = peekNonSpace();
        if (peek.type() == Type.IF || peek.type() == Type.WITH) return new ElseNode(peek.pos());
        Item token = expect(Type.RIGHT_DELIM, "else");
        return new ElseNode(token.pos());
    }

    private record Control(PipeNode pipe, ListNode list, ListNode elseList) {
    }

    private Control parseControl(String context) {
        int mark = vars.size();
        enter();
        try {
            PipeNode pipe = pipeline(context, Type.RIGHT_DELIM);
            if (context.equals("range")) rangeDepth++;
            ItemList body = itemList();
            if (context.equals("range")) rangeDepth--;
            ListNode elseList = null;
            if (body.end instanceof ElseNode) {
                if (context.equals("if") && peek().type() == Type.IF) {
                    Item ifItem = next();
                    elseList = new ListNode(ifItem.pos(), new Node[]{ifControl()});
                } else if (context.equals("with") && peek().type() == Type.WITH) {
                    Item withItem = next();
                    elseList = new ListNode(withItem.pos(), new Node[]{withControl()});
                } else {
                    ItemList e = itemList();
                    if (!(e.end instanceof EndNode)) throw errorf("expected end; found " + Node.text(e.end));
                    elseList = e.list;
                }
            }
            return new Control(pipe, body.list, elseList);
        } finally {
            depth--;
            vars.subList(mark, vars.size()).clear();
        }
    }

    private Node ifControl() {
        Control c = parseControl("if");
        return new IfNode(c.pipe.pos(), c.pipe, c.list, c.elseList);
    }

    private Node rangeControl() {
        Control c = parseControl("range");
        return new RangeNode(c.pipe.pos(), c.pipe, c.list, c.elseList);
    }

    private Node withControl() {
        Control c = parseControl("with");
        return new WithNode(c.pipe.pos(), c.pipe, c.list, c.elseList);
    }

    private Node blockControl() {
        String context = "block clause";
        Item token = nextNonSpace();
        String blockName = templateName(token, context);
        PipeNode pipe = pipeline(context, Type.RIGHT_DELIM);
        List<String> saved = vars;
        vars = new ArrayList<>(List.of("$"));
        enter();
        ItemList body = itemList();
        depth--;
        vars = saved;
        if (!(body.end instanceof EndNode)) throw errorf("unexpected " + Node.text(body.end) + " in " + context);
        addDefinition(blockName, body.list);
        return new TemplateNode(token.pos(), blockName, pipe);
    }

    private Node templateControl() {
        String context = "template clause";
        Item token = nextNonSpace();
        String tmplName = templateName(token, context);
        PipeNode pipe = null;
        if (nextNonSpace().type() != Type.RIGHT_DELIM) {
            backup();
            pipe = pipeline(context, Type.RIGHT_DELIM);
        }
        return new TemplateNode(token.pos(), tmplName, pipe);
    }

    private String templateName(Item token, String context) {
        if (token.type() == Type.STRING || token.type() == Type.RAW_STRING) return unquote(token.val());
        throw unexpected(token, context);
    }

    private PipeNode pipeline(String context, Type end) {
        int pos = peekNonSpace().pos();
        List<VariableNode> decl = new ArrayList<>();
        boolean isAssign = false;
        decls:
        while (true) {
            Item v = peekNonSpace();
            if (v.type() != Type.VARIABLE) break;
            int save = idx;
            nextNonSpace();
            Item next = peekNonSpace();
            if (next.type() == Type.ASSIGN || next.type() == Type.DECLARE) {
                isAssign = next.type() == Type.ASSIGN;
                nextNonSpace();
                decl.add(new VariableNode(v.pos(), new String[]{v.val()}));
                vars.add(v.val());
                break;
            } else if (next.type() == Type.CHAR && next.val().equals(",")) {
                nextNonSpace();
                decl.add(new VariableNode(v.pos(), new String[]{v.val()}));
                vars.add(v.val());
                if (context.equals("range") && decl.size() < 2) {
                    Type t = peekNonSpace().type();
                    if (t == Type.VARIABLE || t == Type.RIGHT_DELIM || t == Type.RIGHT_PAREN) continue decls;
                    throw errorf("range can only initialize variables");
                }
                throw errorf("too many declarations in " + context);
            } else {
                idx = save;
                break;
            }
        }
        List<CommandNode> cmds = new ArrayList<>();
        while (true) {
            Item token = nextNonSpace();
            if (token.type() == end) {
                if (cmds.isEmpty()) throw errorf("missing value for " + context);
                for (int i = 1; i < cmds.size(); i++) {
                    Node first = cmds.get(i).args()[0];
                    if (first instanceof BoolNode || first instanceof DotNode || first instanceof NilNode
                            || first instanceof NumberNode || first instanceof StringNode) {
                        throw errorf("non executable command in pipeline stage " + (i + 1));
                    }
                }
                return new PipeNode(pos, isAssign, decl.toArray(VariableNode[]::new), cmds.toArray(CommandNode[]::new));
            }
            switch (token.type()) {
                case BOOL, CHAR_CONSTANT, COMPLEX, DOT, FIELD, IDENTIFIER, NUMBER, NIL, RAW_STRING, STRING,
                     VARIABLE, LEFT_PAREN -> {
                    backup();
                    cmds.add(command());
                }
                default -> throw unexpected(token, context);
            }
        }
    }

    private CommandNode command() {
        int pos = peekNonSpace().pos();
        List<Node> args = new ArrayList<>();
        while (true) {
            peekNonSpace();
            Node operand = operand();
            if (operand != null) args.add(operand);
            Item token = next();
            if (token.type() == Type.SPACE) continue;
            if (token.type() == Type.RIGHT_DELIM || token.type() == Type.RIGHT_PAREN) {
                backup();
            } else if (token.type() != Type.PIPE) {
                throw unexpected(token, "operand");
            }
            break;
        }
        if (args.isEmpty()) throw errorf("empty command");
        return new CommandNode(pos, args.toArray(Node[]::new));
    }

    private Node operand() {
        Node node = term();
        if (node == null) return null;
        if (peek().type() == Type.FIELD) {
            int chainPos = peek().pos();
            List<String> fields = new ArrayList<>();
            while (peek().type() == Type.FIELD) fields.add(next().val().substring(1));
            switch (node) {
                case FieldNode f -> {
                    List<String> all = new ArrayList<>(List.of(f.ident()));
                    all.addAll(fields);
                    node = new FieldNode(chainPos, all.toArray(String[]::new));
                }
                case VariableNode v -> {
                    List<String> all = new ArrayList<>(List.of(v.ident()));
                    all.addAll(fields);
                    node = new VariableNode(chainPos, all.toArray(String[]::new));
                }
                case BoolNode b -> throw errorf("unexpected . after term " + GoText.quote(Node.text(b)));
                case StringNode s -> throw errorf("unexpected . after term " + GoText.quote(Node.text(s)));
                case NumberNode n -> throw errorf("unexpected . after term " + GoText.quote(Node.text(n)));
                case NilNode n -> throw errorf("unexpected . after term " + GoText.quote(Node.text(n)));
                case DotNode d -> throw errorf("unexpected . after term " + GoText.quote(Node.text(d)));
                default -> node = new ChainNode(chainPos, node, fields.toArray(String[]::new));
            }
        }
        return node;
    }

    private Node term() {
        Item token = nextNonSpace();
        switch (token.type()) {
            case IDENTIFIER: {
                Functions.Func f = Functions.lookup(token.val());
                if (f == null) throw errorf("function " + GoText.quote(token.val()) + " not defined");
                return new IdentifierNode(token.pos(), token.val(), f);
            }
            case DOT:
                return new DotNode(token.pos());
            case NIL:
                return new NilNode(token.pos());
            case VARIABLE:
                return useVar(token);
            case FIELD:
                return new FieldNode(token.pos(), new String[]{token.val().substring(1)});
            case BOOL:
                return new BoolNode(token.pos(), token.val().equals("true"));
            case CHAR_CONSTANT:
            case COMPLEX:
            case NUMBER:
                return number(token);
            case LEFT_PAREN: {
                enter();
                PipeNode p = pipeline("parenthesized pipeline", Type.RIGHT_PAREN);
                depth--;
                return p;
            }
            case STRING:
            case RAW_STRING:
                return new StringNode(token.pos(), token.val(), unquote(token.val()));
            default:
                backup();
                return null;
        }
    }

    private Node useVar(Item token) {
        String[] parts = token.val().split("\\.", -1);
        VariableNode v = new VariableNode(token.pos(), parts);
        if (vars.contains(parts[0])) return v;
        throw errorf("undefined variable " + GoText.quote(parts[0]));
    }

    private String unquote(String quoted) {
        try {
            return GoText.unquote(quoted);
        } catch (IllegalArgumentException e) {
            throw errorf(e.getMessage());
        }
    }

    private NumberNode number(Item token) {
        String text = token.val();
        int pos = token.pos();
        if (token.type() == Type.CHAR_CONSTANT) {
            int[] r;
            try {
                r = GoText.unquoteChar(text, 1, '\'');
            } catch (IllegalArgumentException e) {
                throw errorf(e.getMessage());
            }
            if (r[1] != text.length() - 1 || text.charAt(text.length() - 1) != '\'') {
                throw errorf("malformed character constant: " + text);
            }
            return new NumberNode(pos, text, true, true, true, false, r[0], r[0]);
        }
        if (token.type() == Type.COMPLEX || text.endsWith("i")) {
            throw errorf("complex constants are not supported: " + GoText.quote(text));
        }
        boolean isUint = false;
        boolean isInt = false;
        boolean isFloat = false;
        long i64 = 0;
        double f64 = 0;
        Long u = GoNumbers.parseInt(text, false);
        if (u != null) isUint = true;
        Long i = GoNumbers.parseInt(text, true);
        if (i != null) {
            isInt = true;
            i64 = i;
        }
        if (isInt) {
            isFloat = true;
            f64 = (double) i64;
        } else if (isUint) {
            isFloat = true;
            f64 = GoNumbers.unsignedToDouble(u);
        } else {
            Double f = GoNumbers.parseFloat(text);
            if (f != null) {
                if (!containsAny(text, ".eEpP")) throw errorf("integer overflow: " + GoText.quote(text));
                isFloat = true;
                f64 = f;
                if (f == Math.rint(f) && Math.abs(f) < 9.223372036854775807E18) {
                    isInt = true;
                    i64 = (long) (double) f;
                }
                if (f >= 0 && f == Math.rint(f) && f < 1.8446744073709552E19) isUint = true;
            }
        }
        if (!isInt && !isUint && !isFloat) throw errorf("illegal number syntax: " + GoText.quote(text));
        return new NumberNode(pos, text, isInt, isUint, isFloat, false, i64, f64);
    }

    private static boolean containsAny(String s, String chars) {
        for (int k = 0; k < s.length(); k++) if (chars.indexOf(s.charAt(k)) >= 0) return true;
        return false;
    }
}
