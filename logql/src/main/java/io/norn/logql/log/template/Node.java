package io.norn.logql.log.template;

import java.util.List;

/** The parse tree of a template, shaped like Go's {@code text/template/parse} nodes. Positions are char offsets. */
sealed interface Node {
    int pos();

    record ListNode(int pos, Node[] nodes) implements Node {
    }

    record TextNode(int pos, String text) implements Node {
    }

    record ActionNode(int pos, PipeNode pipe) implements Node {
    }

    record IfNode(int pos, PipeNode pipe, ListNode list, ListNode elseList) implements Node {
    }

    record WithNode(int pos, PipeNode pipe, ListNode list, ListNode elseList) implements Node {
    }

    record RangeNode(int pos, PipeNode pipe, ListNode list, ListNode elseList) implements Node {
    }

    record TemplateNode(int pos, String name, PipeNode pipe) implements Node {
    }

    record BreakNode(int pos) implements Node {
    }

    record ContinueNode(int pos) implements Node {
    }

    /** Markers returned by the parser for {{end}} and {{else}}; never part of a finished tree. */
    record EndNode(int pos) implements Node {
    }

    record ElseNode(int pos) implements Node {
    }

    record PipeNode(int pos, boolean isAssign, VariableNode[] decl, CommandNode[] cmds) implements Node {
    }

    record CommandNode(int pos, Node[] args) implements Node {
    }

    record FieldNode(int pos, String[] ident) implements Node {
    }

    record ChainNode(int pos, Node node, String[] fields) implements Node {
    }

    record IdentifierNode(int pos, String name, Functions.Func func) implements Node {
    }

    record VariableNode(int pos, String[] ident) implements Node {
    }

    record DotNode(int pos) implements Node {
    }

    record NilNode(int pos) implements Node {
    }

    record BoolNode(int pos, boolean value) implements Node {
    }

    /** A number literal with every interpretation Go's parser derives from its text. */
    record NumberNode(int pos, String text, boolean isInt, boolean isUint, boolean isFloat, boolean isComplex,
                      long int64, double float64) implements Node {
    }

    record StringNode(int pos, String quoted, String text) implements Node {
    }

    /** The text form Go prints for a node in error messages. */
    static String text(Node n) {
        StringBuilder sb = new StringBuilder();
        append(sb, n);
        return sb.toString();
    }

    private static void append(StringBuilder sb, Node n) {
        switch (n) {
            case ListNode l -> {
                for (Node c : l.nodes()) append(sb, c);
            }
            case TextNode t -> sb.append(GoText.quote(t.text()));
            case ActionNode a -> {
                sb.append("{{");
                append(sb, a.pipe());
                sb.append("}}");
            }
            case IfNode i -> control(sb, "if", i.pipe(), i.list(), i.elseList());
            case WithNode w -> control(sb, "with", w.pipe(), w.list(), w.elseList());
            case RangeNode r -> control(sb, "range", r.pipe(), r.list(), r.elseList());
            case TemplateNode t -> {
                sb.append("{{template ").append(GoText.quote(t.name()));
                if (t.pipe() != null) {
                    sb.append(' ');
                    append(sb, t.pipe());
                }
                sb.append("}}");
            }
            case BreakNode b -> sb.append("{{break}}");
            case ContinueNode c -> sb.append("{{continue}}");
            case EndNode e -> sb.append("{{end}}");
            case ElseNode e -> sb.append("{{else}}");
            case PipeNode p -> {
                if (p.decl().length > 0) {
                    for (int i = 0; i < p.decl().length; i++) {
                        if (i > 0) sb.append(", ");
                        append(sb, p.decl()[i]);
                    }
                    sb.append(p.isAssign() ? " = " : " := ");
                }
                for (int i = 0; i < p.cmds().length; i++) {
                    if (i > 0) sb.append(" | ");
                    append(sb, p.cmds()[i]);
                }
            }
            case CommandNode c -> {
                for (int i = 0; i < c.args().length; i++) {
                    if (i > 0) sb.append(' ');
                    Node a = c.args()[i];
                    if (a instanceof PipeNode) {
                        sb.append('(');
                        append(sb, a);
                        sb.append(')');
                    } else {
                        append(sb, a);
                    }
                }
            }
            case FieldNode f -> {
                for (String id : f.ident()) sb.append('.').append(id);
            }
            case ChainNode c -> {
                if (c.node() instanceof PipeNode) {
                    sb.append('(');
                    append(sb, c.node());
                    sb.append(')');
                } else {
                    append(sb, c.node());
                }
                for (String f : c.fields()) sb.append('.').append(f);
            }
            case IdentifierNode i -> sb.append(i.name());
            case VariableNode v -> sb.append(String.join(".", List.of(v.ident())));
            case DotNode d -> sb.append('.');
            case NilNode nn -> sb.append("nil");
            case BoolNode b -> sb.append(b.value());
            case NumberNode num -> sb.append(num.text());
            case StringNode s -> sb.append(s.quoted());
        }
    }

    private static void control(StringBuilder sb, String name, PipeNode pipe, ListNode list, ListNode elseList) {
        sb.append("{{").append(name).append(' ');
        append(sb, pipe);
        sb.append("}}");
        append(sb, list);
        if (elseList != null) {
            sb.append("{{else}}");
            append(sb, elseList);
        }
        sb.append("{{end}}");
    }
}
