package dev.ses.core.internal.csv;

import dev.ses.core.ErrorCode;
import dev.ses.core.ImportColumn;
import dev.ses.core.SesException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The first line of a recipient file, read the way spreadsheets write it: which column holds the address, and the
 * variable every other column becomes (the rule is on {@link ImportColumn}). Immutable.
 *
 * <p>The address column is the one whose header, with case and every sign but letters and digits set aside, reads
 * {@code email}, {@code mail}, {@code emailaddress} or {@code mailaddress}: {@code email}, {@code E-Mail},
 * {@code MAIL}, {@code Email Address}, {@code e_mail}, {@code Email*} all qualify, wherever the column stands.
 * When no header qualifies, the first column holds the address whatever its name ({@code address},
 * {@code recipient}...), as files made for earlier versions of ses expect.
 */
final class CsvHeader {
    static final int MAX_VARIABLE_NAME_LENGTH = 64;
    private static final Set<String> ADDRESS_HEADERS = Set.of("email", "mail", "emailaddress", "mailaddress");

    private final List<ImportColumn> columns;
    private final int addressIndex;
    private final List<String> variables;

    private CsvHeader(List<ImportColumn> columns, int addressIndex) {
        this.columns = List.copyOf(columns);
        this.addressIndex = addressIndex;
        this.variables = columns.stream().flatMap(c -> c.variable().stream()).toList();
    }

    /**
     * Reads the header's cells.
     *
     * @param line the header's line in the file, for messages
     * @throws SesException {@link ErrorCode#IMPORT_REJECTED} naming the column when the line cannot be a header
     */
    static CsvHeader parse(List<String> cells, long line) {
        if (!cells.isEmpty() && cells.get(0).startsWith(MisreadText.MISREAD_BOM)) {
            throw refuse(line, "the file starts with " + RecipientCsvReader.show(MisreadText.MISREAD_BOM) + ", a UTF-8 "
                    + "byte order mark read as Windows-1252 or Latin-1, and " + MisreadText.MISREAD
                    + " Give the file's bytes, or read them as UTF-8");
        }
        List<String> names = new ArrayList<>(cells.size());
        for (int i = 0; i < cells.size(); i++) {
            String name = trim(cells.get(i));
            String textProblem = MisreadText.problem(name);
            if (textProblem != null) {
                throw refuse(line, "column " + (i + 1) + ", " + RecipientCsvReader.show(name) + ", " + textProblem);
            }
            names.add(name);
        }
        if (names.stream().allMatch(String::isEmpty)) {
            throw refuse(line, "the first line is empty; it must name the columns, e.g. email,name");
        }
        // Spreadsheets write empty cells past the last named column for cells that were only formatted.
        while (names.get(names.size() - 1).isEmpty()) {
            names.remove(names.size() - 1);
        }
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name.indexOf('@') >= 0) {
                throw refuse(line, "the first line must name the columns, but "
                        + (i == 0 ? "it starts with an address, " : "column " + (i + 1) + " holds an address, ")
                        + RecipientCsvReader.show(name) + "; add a line such as email,name above it");
            }
        }
        int addressIndex = -1;
        for (int i = 0; i < names.size(); i++) {
            if (isAddressHeader(names.get(i))) {
                if (addressIndex >= 0) {
                    throw refuse(line, "columns " + (addressIndex + 1) + " and " + (i + 1) + ", "
                            + RecipientCsvReader.show(names.get(addressIndex)) + " and "
                            + RecipientCsvReader.show(names.get(i)) + ", both name the address; keep one");
                }
                addressIndex = i;
            }
        }
        if (addressIndex < 0) {
            addressIndex = 0;
        }
        List<ImportColumn> columns = new ArrayList<>(names.size());
        Map<String, Integer> columnByVariable = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            int number = i + 1;
            if (i == addressIndex) {
                columns.add(new ImportColumn(number, name, Optional.empty()));
                continue;
            }
            if (name.isEmpty()) {
                throw refuse(line, "column " + number + " has no name");
            }
            String variable = variableName(line, number, name);
            Integer earlier = columnByVariable.putIfAbsent(variable, number);
            if (earlier != null) {
                String first = names.get(earlier - 1);
                throw refuse(line, first.equals(name)
                        ? "column " + number + " repeats the name " + RecipientCsvReader.show(name)
                        : "columns " + earlier + " and " + number + ", " + RecipientCsvReader.show(first) + " and "
                                + RecipientCsvReader.show(name) + ", both become the variable " + variable
                                + "; rename one");
            }
            columns.add(new ImportColumn(number, name, Optional.of(variable)));
        }
        return new CsvHeader(columns, addressIndex);
    }

    /** The columns the header names, in file order. */
    List<ImportColumn> columns() {
        return columns;
    }

    /** How many columns the header names. */
    int width() {
        return columns.size();
    }

    /** The index, from 0, of the column that holds the address. */
    int addressIndex() {
        return addressIndex;
    }

    /** The variable names, in file order. */
    List<String> variables() {
        return variables;
    }

    /** Whether a header names the address column. */
    static boolean isAddressHeader(String header) {
        StringBuilder letters = new StringBuilder(header.length());
        String plain = plain(header).toLowerCase(Locale.ROOT);
        for (int i = 0; i < plain.length(); i++) {
            char c = plain.charAt(i);
            if (c < 0x80 && Character.isLetterOrDigit(c)) {
                letters.append(c);
            }
        }
        return ADDRESS_HEADERS.contains(letters.toString());
    }

    /**
     * The variable a header becomes, by the rule on {@link ImportColumn}.
     *
     * @param line the header's line in the file, for the message
     * @param number the column, for the message
     * @throws SesException {@link ErrorCode#IMPORT_REJECTED} when no valid variable name comes out of it
     */
    static String variableName(long line, int number, String header) {
        String column = "column " + number + ", " + RecipientCsvReader.show(header) + ", ";
        String plain = plain(header);
        StringBuilder name = new StringBuilder(plain.length());
        boolean separated = false;
        for (int i = 0; i < plain.length(); ) {
            int c = plain.codePointAt(i);
            i += Character.charCount(c);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '_')) {
                if (separated && !name.isEmpty()) {
                    name.append('_');
                }
                separated = false;
                name.append((char) c);
            } else if (Character.isLetterOrDigit(c)) {
                throw refuse(line, column + "holds " + RecipientCsvReader.show(Character.toString(c)) + ", which has "
                        + "no plain form in a variable name; rename the column with the letters a to z, digits and _");
            } else {
                separated = true;
            }
        }
        if (name.isEmpty()) {
            throw refuse(line, column + "holds no letter or digit to make a variable name of");
        }
        if (Character.isDigit(name.charAt(0))) {
            throw refuse(line, column + "would become the variable " + name + ", but a variable name cannot start "
                    + "with a digit");
        }
        if (name.length() > MAX_VARIABLE_NAME_LENGTH) {
            throw refuse(line, column + "would become a variable name of " + name.length() + " characters, more than "
                    + MAX_VARIABLE_NAME_LENGTH);
        }
        return name.toString();
    }

    /** The header with compatibility forms folded (full-width letters, ligatures) and accents dropped. */
    private static String plain(String header) {
        String folded = Normalizer.normalize(header.replace("ß", "ss").replace("ẞ", "SS"), Normalizer.Form.NFKD);
        StringBuilder plain = new StringBuilder(folded.length());
        for (int i = 0; i < folded.length(); ) {
            int c = folded.codePointAt(i);
            i += Character.charCount(c);
            if (Character.getType(c) != Character.NON_SPACING_MARK) {
                plain.appendCodePoint(c);
            }
        }
        return plain.toString();
    }

    /**
     * A cell without the spaces around it, counting as spaces the no-break and zero-width ones and a byte order
     * mark, which spreadsheets and text pasted from web pages leave behind.
     */
    static String trim(String cell) {
        int start = 0;
        int end = cell.length();
        while (start < end && isSpace(cell.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(cell.charAt(end - 1))) {
            end--;
        }
        return cell.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u200B' || c == '\uFEFF';
    }

    private static SesException refuse(long line, String what) {
        return new SesException(ErrorCode.IMPORT_REJECTED, "line " + line + ": " + what);
    }
}
