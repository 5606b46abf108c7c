package dev.ses.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.mustachejava.Code;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.codes.ValueCode;
import dev.ses.core.ErrorCode;
import dev.ses.core.SesException;
import dev.ses.core.TemplateType;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles and renders Mustache templates the way ses allows them: plain {@code {{name}}} variables only.
 * Sections, inverted sections, partials, inheritance, delimiter changes and unescaped output are refused, so that
 * every value is escaped in HTML and a template's variables are exactly its tags. Thread-safe.
 */
public final class TemplateSupport {
    /** A variable name: letters, digits and underscores, not starting with a digit. */
    public static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static final Pattern TAG = Pattern.compile("\\{\\{(\\{?)([#^/>&<$=!]?)\\s*(.*?)\\s*}?}}", Pattern.DOTALL);

    /** A compiled template and its variables. */
    public record Compiled(Mustache mustache, TemplateType type, List<String> variables) {
    }

    private final DefaultMustacheFactory htmlFactory = new DefaultMustacheFactory();
    private final DefaultMustacheFactory textFactory = new DefaultMustacheFactory() {
        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
    /** The cache key: a record, so that the body's own cached hash serves and nothing is copied per lookup. */
    private record Key(TemplateType type, String body) {
    }

    private final Cache<Key, Compiled> cache = Caffeine.newBuilder().maximumSize(2_000).build();

    /**
     * Compiles a body, from a cache when the same body was compiled before.
     *
     * @param field the field name for error messages ({@code body}, {@code subject})
     * @throws SesException TEMPLATE_UNSUPPORTED_TAG or TEMPLATE_SYNTAX_ERROR, naming the line
     */
    public Compiled compile(String body, TemplateType type, String field) {
        Key key = new Key(type, body);
        Compiled cached = cache.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        Compiled compiled = doCompile(body, type, field);
        cache.put(key, compiled);
        return compiled;
    }

    private Compiled doCompile(String body, TemplateType type, String field) {
        Matcher m = TAG.matcher(body);
        while (m.find()) {
            String brace = m.group(1);
            String sigil = m.group(2);
            String name = m.group(3);
            int line = lineOf(body, m.start());
            if (sigil.equals("!")) {
                continue;
            }
            if (!brace.isEmpty() || sigil.equals("&")) {
                throw new SesException(ErrorCode.TEMPLATE_UNSUPPORTED_TAG, field + ": line " + line
                        + ": unescaped output '" + m.group() + "' is not supported; use {{" + name + "}}");
            }
            if (!sigil.isEmpty()) {
                throw new SesException(ErrorCode.TEMPLATE_UNSUPPORTED_TAG, field + ": line " + line + ": '"
                        + m.group() + "' is not supported: templates take plain {{variables}} only"
                        + " (no sections, partials, inheritance or delimiter changes)");
            }
            if (!VARIABLE_NAME.matcher(name).matches()) {
                throw new SesException(ErrorCode.TEMPLATE_SYNTAX_ERROR, field + ": line " + line
                        + ": invalid variable name '" + name + "' (letters, digits and _ only)");
            }
        }
        Mustache mustache;
        try {
            DefaultMustacheFactory factory = type == TemplateType.HTML ? htmlFactory : textFactory;
            mustache = factory.compile(new StringReader(body), field);
        } catch (MustacheException e) {
            throw new SesException(ErrorCode.TEMPLATE_SYNTAX_ERROR, field + ": " + describe(e), e);
        }
        TreeSet<String> names = new TreeSet<>();
        collect(mustache.getCodes(), names);
        return new Compiled(mustache, type, List.copyOf(names));
    }

    private static void collect(Code[] codes, TreeSet<String> names) {
        if (codes == null) {
            return;
        }
        for (Code c : codes) {
            if (c instanceof ValueCode && c.getName() != null) {
                names.add(c.getName());
            }
            collect(c.getCodes(), names);
        }
    }

    private static String describe(MustacheException e) {
        String msg = Objects.requireNonNullElse(e.getMessage(), "syntax error");
        Matcher m = Pattern.compile("@\\[[^:]*:(\\d+)]").matcher(msg);
        if (m.find()) {
            return "line " + m.group(1) + ": " + msg.substring(0, m.start()).trim();
        }
        return msg;
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private final Cache<String, Compiled> textOfHtml = Caffeine.newBuilder().maximumSize(2_000).build();

    /**
     * The plain-text alternative of an HTML template, as a text template: the HTML body is converted to text once,
     * with its {@code {{variables}}} left in place, and each message renders that with its values. This gives what
     * converting each rendered message would give, at the cost of one conversion per template instead of one per
     * message.
     */
    public Compiled textOf(String htmlBody) {
        Compiled cached = textOfHtml.getIfPresent(htmlBody);
        if (cached != null) {
            return cached;
        }
        Compiled compiled = compile(HtmlToText.convert(htmlBody), TemplateType.TEXT, "body");
        textOfHtml.put(htmlBody, compiled);
        return compiled;
    }

    /** Renders a compiled template with plain values; HTML templates escape every value. */
    public String render(Compiled compiled, Map<String, String> variables) {
        StringWriter out = new StringWriter();
        compiled.mustache().execute(out, variables);
        return out.toString();
    }
}
