package dev.ses.core;

import dev.ses.core.internal.Engine;
import dev.ses.core.internal.Mailboxes;
import dev.ses.core.internal.ResponseLists;
import dev.ses.core.internal.csv.RecipientCsvReader;
import dev.ses.core.internal.csv.RecipientSink;
import dev.ses.core.spi.GroupMember;
import dev.ses.core.spi.RecipientRow;
import java.io.InputStream;
import java.io.Reader;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An account's recipient groups, filled from CSV files: a header row naming the columns, one column the address,
 * the others the variables. Thread-safe. Obtain through {@link SesAccount#groups()}.
 *
 * <p>The address column is the one headed {@code email}, {@code e-mail}, {@code mail} or {@code email address} in
 * any case, wherever it stands, or else the first. Every other header becomes a variable by one rule, shown for each
 * column in {@link ImportReport#columns()}: accents dropped, each run of spaces, hyphens and other signs one
 * {@code _}, case kept ({@code First Name} becomes {@code First_Name}; see {@link ImportColumn}). A group's
 * variables are fixed by its first import; a later file must have the same ones, in any order.
 *
 * <p>The file is read as a stream, as Excel, LibreOffice and Google Sheets write it: UTF-8 with or without BOM (or
 * UTF-16 with its BOM, from an {@link InputStream}), CRLF or LF, quoted fields with delimiters, quotes and line
 * breaks inside, a comma, semicolon or tab delimiter detected from the header or named by a first line such as
 * {@code sep=;}. Give the bytes as an {@code InputStream} when you can: they are decoded strictly, and a file that
 * is not UTF-8 is refused whole; text from a {@code Reader} is checked for the marks of a wrong decoding
 * ({@link RejectReason#INVALID_TEXT}). A row with fewer values than the header reads the missing ones as empty and
 * is reported in {@link ImportReport#warnings()}; one with more is rejected. A value may hold line breaks, which a
 * body shows as they are; it never reaches a header: a task whose subject uses such a value refuses to start,
 * naming the recipients ({@link SendTasks#create}). Other control characters than tab are refused.
 *
 * <p>An address already in the file or in the group is a {@link RejectReason#DUPLICATE_ADDRESS}, named with the line
 * it repeats. Addresses compare without case, local part included, unless {@link #withExactLocalParts()} says
 * otherwise; the address is stored as the file wrote it, with its domain in lower case.
 */
public final class RecipientGroups {
    private static final int MAX_NAME = 128;
    private static final int MAX_DESCRIPTION = 1000;

    private final Engine engine;
    private final String account;
    private final boolean exactLocalParts;

    RecipientGroups(Engine engine, String account) {
        this(engine, account, false);
    }

    private RecipientGroups(Engine engine, String account, boolean exactLocalParts) {
        this.engine = engine;
        this.account = account;
        this.exactLocalParts = exactLocalParts;
    }

    /**
     * {@return these groups, with imports that compare the local parts of addresses exactly when they look for
     * duplicates: {@code Alice@example.com} and {@code alice@example.com} become two recipients} By default they are
     * one, the second a {@link RejectReason#DUPLICATE_ADDRESS}, because the large mailbox providers ignore case in the
     * local part and two copies to one mailbox are the worse mistake. The domain never has case.
     */
    public RecipientGroups withExactLocalParts() {
        return new RecipientGroups(engine, account, true);
    }

    /**
     * Creates an empty group.
     *
     * @param name the group's name, unique in the account
     * @param description a note for people, may be empty
     * @return the new group
     * @throws SesException INVALID_ARGUMENT or ALREADY_EXISTS
     */
    public RecipientGroup create(String name, String description) {
        if (name == null || name.isBlank()) {
            throw new SesException(ErrorCode.INVALID_ARGUMENT, "name: a group name is required");
        }
        String n = Mailboxes.headerText(ErrorCode.INVALID_ARGUMENT, "name", name.strip(), MAX_NAME);
        String d = Mailboxes.headerText(ErrorCode.INVALID_ARGUMENT, "description",
                description == null ? "" : description.strip(), MAX_DESCRIPTION);
        return engine.store().inTransaction(() -> {
            if (engine.store().groups().byName(account, n).isPresent()) {
                throw new SesException(ErrorCode.ALREADY_EXISTS, taken(n));
            }
            try {
                return engine.store().groups().insert(new RecipientGroup(0, account, n, d, List.of(), 0,
                        engine.clock().instant()));
            } catch (SesException e) {
                // Another call created the group since the check above: the same refusal, later.
                throw e.code() == ErrorCode.ALREADY_EXISTS ? new SesException(e.code(), taken(n), e) : e;
            }
        });
    }

    private String taken(String name) {
        return "name: group '" + name + "' already exists in account " + account;
    }

    /**
     * {@return the group with this id}
     *
     * @param id the group's id
     * @throws SesException NOT_FOUND
     */
    public RecipientGroup get(long id) {
        return engine.store().groups().get(account, id).orElseThrow(() -> new SesException(ErrorCode.NOT_FOUND,
                "groupId: no group " + id + " in account " + account));
    }

    /**
     * {@return the group with this name, if the account has it}
     *
     * @param name the group's name
     */
    public Optional<RecipientGroup> find(String name) {
        return name == null ? Optional.empty() : engine.store().groups().byName(account, name.strip());
    }

    /**
     * {@return one page of the account's groups, oldest first, each with its recipient count and creation time}
     *
     * @param page which page, and how many groups on it
     */
    public Page<RecipientGroup> list(PageRequest page) {
        return Page.of(engine.store().groups().list(account), page);
    }

    /**
     * Deletes a group and its recipients.
     *
     * @param id the group's id
     * @throws SesException NOT_FOUND, or IN_USE while a task that has not ended sends to it
     */
    public void delete(long id) {
        get(id);
        engine.store().inTransaction(() -> {
            boolean used = engine.store().tasks().list(account).stream().anyMatch(t -> t.groupId() == id
                    && (t.status() == TaskStatus.WAITING || t.status() == TaskStatus.SENDING
                    || t.status() == TaskStatus.PAUSED));
            if (used) {
                throw new SesException(ErrorCode.IN_USE, "groupId: group " + id
                        + " is used by a task that has not ended; cancel it first");
            }
            return engine.store().groups().delete(account, id);
        });
    }

    /**
     * Imports a CSV file all or nothing: if any row is refused, nothing is added, and the report lists every
     * refused row with its line and reason ({@link ImportReport#applied()} is false, {@link ImportReport#added()}
     * 0).
     *
     * @param groupId the group's id
     * @param csv the CSV text, a header row first; read to its end, not closed
     * @return what was read, refused and added
     * @throws SesException NOT_FOUND; IMPORT_REJECTED for a file that cannot be read as a whole (no header, a
     *                      header that gives no clear variables, broken quoting, not UTF-8) or with more recipients
     *                      than one import allows (10,000 by default), or variables other than the group's;
     *                      GROUP_LIMIT_REACHED past the group's cap (50,000 by default). Nothing is added then.
     */
    public ImportReport importCsv(long groupId, Reader csv) {
        return importCsv(groupId, csv, true);
    }

    /**
     * Imports a CSV file given as bytes (UTF-8, or UTF-16 with a byte order mark, decoded strictly), all or nothing.
     *
     * @param groupId the group's id
     * @param csv the CSV bytes, a header row first; read to its end, not closed
     * @return what was read, refused and added
     * @throws SesException as {@link #importCsv(long, Reader)}
     */
    public ImportReport importCsv(long groupId, InputStream csv) {
        return importCsv(groupId, RecipientCsvReader.decode(csv), true);
    }

    /**
     * Imports the valid rows of a CSV file given as text and reports the others. A value that shows the text was
     * decoded in the wrong encoding is a {@link RejectReason#INVALID_TEXT}; prefer
     * {@link #importCsvSkippingInvalid(long, InputStream)}, which decodes the bytes itself.
     *
     * @param groupId the group's id
     * @param csv the CSV text, a header row first; read to its end, not closed
     * @return what was read, refused and added
     * @throws SesException as {@link #importCsv(long, Reader)}
     */
    public ImportReport importCsvSkippingInvalid(long groupId, Reader csv) {
        return importCsv(groupId, csv, false);
    }

    /**
     * Imports the valid rows of a CSV file given as bytes and reports the others. The bytes are decoded strictly,
     * as by {@link #importCsv(long, InputStream)}: UTF-8, or UTF-16 with a byte order mark, and a byte that is not
     * valid there refuses the whole file, since every row after it would be in doubt.
     *
     * @param groupId the group's id
     * @param csv the CSV bytes, a header row first; read to its end, not closed
     * @return what was read, refused and added
     * @throws SesException as {@link #importCsv(long, Reader)}; IMPORT_REJECTED naming the line for bytes that are
     *                      not UTF-8
     */
    public ImportReport importCsvSkippingInvalid(long groupId, InputStream csv) {
        return importCsv(groupId, RecipientCsvReader.decode(csv), false);
    }

    /** Thrown inside the import's transaction to roll back a refused all-or-nothing import. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ImportReport report;

        Refused(ImportReport report) {
            super(null, null, false, false);
            this.report = report;
        }
    }

    private ImportReport importCsv(long groupId, Reader csv, boolean allOrNothing) {
        RecipientGroup group = get(groupId);
        RecipientCsvReader.Builder settings = RecipientCsvReader.builder()
                .maxRecipients(engine.limits().maxImportRows())
                .maxVariablesJsonBytes(engine.limits().maxTemplateDataBytes());
        RecipientCsvReader reader = exactLocalParts ? settings.exactLocalParts().build() : settings.build();
        Set<String> existing = group.recipients() == 0 ? Set.of() : engine.store().groups().emails(groupId);
        long cap = engine.limits().maxGroupRecipients();
        AtomicLong added = new AtomicLong();
        AtomicReference<List<String>> columns = new AtomicReference<>(group.variables());
        RecipientSink sink = new RecipientSink() {
            @Override
            public void start(List<String> variables) {
                if (group.recipients() == 0) {
                    columns.set(variables);
                } else if (!Set.copyOf(variables).equals(Set.copyOf(group.variables()))) {
                    // The order may differ: values are stored by name.
                    throw new SesException(ErrorCode.IMPORT_REJECTED, "csv: the columns " + variables
                            + " differ from the group's " + group.variables() + ", fixed by its first import");
                }
            }

            @Override
            public void accept(List<RecipientRow> chunk) {
                if (group.recipients() + added.get() + chunk.size() > cap) {
                    throw new SesException(ErrorCode.GROUP_LIMIT_REACHED, "csv: group " + group.name() + " holds "
                            + group.recipients() + " recipients; this file would pass its cap of " + cap);
                }
                engine.store().groups().addMembers(groupId, chunk);
                added.addAndGet(chunk.size());
            }
        };
        try {
            return engine.store().inTransaction(() -> {
                ImportReport report = allOrNothing ? reader.readAllOrNothing(csv, existing, sink)
                        : reader.readSkippingInvalid(csv, existing, sink);
                if (!report.applied()) {
                    throw new Refused(report);
                }
                engine.store().groups().update(group.withContents(columns.get(), group.recipients() + added.get()));
                return report;
            });
        } catch (Refused r) {
            return r.report;
        }
    }

    /**
     * {@return one page of a group's recipients, in the order they were imported, read from the store page by page}
     *
     * @param groupId the group's id
     * @param page where the page starts, and how many recipients on it
     * @throws SesException NOT_FOUND for an unknown group; INVALID_ARGUMENT for a key no page of this list returned
     */
    public CursorPage<GroupMember> members(long groupId, CursorRequest page) {
        java.util.Objects.requireNonNull(page, "page");
        get(groupId);
        long after = page.after().map(ResponseLists::memberKey).orElse(0L);
        List<GroupMember> rows = engine.store().groups().members(groupId, after, page.limit() + 1);
        boolean more = rows.size() > page.limit();
        List<GroupMember> shown = more ? rows.subList(0, page.limit()) : rows;
        return new CursorPage<>(shown, more ? Optional.of(Long.toString(shown.get(shown.size() - 1).id()))
                : Optional.empty());
    }

    /**
     * Removes recipients from a group, by address (the domain compared in any case, the local part as imported).
     * Addresses the group does not hold are ignored.
     *
     * @param groupId the group's id
     * @param addresses the recipients' email addresses
     * @return how many recipients were removed
     * @throws SesException NOT_FOUND for an unknown group
     */
    public int removeMembers(long groupId, java.util.Collection<String> addresses) {
        java.util.Objects.requireNonNull(addresses, "addresses");
        get(groupId);
        List<String> emails = addresses.stream().map(a -> {
            String trimmed = a.strip();
            int at = trimmed.lastIndexOf('@');
            return at < 0 ? trimmed : trimmed.substring(0, at + 1)
                    + trimmed.substring(at + 1).toLowerCase(java.util.Locale.ROOT);
        }).distinct().toList();
        return engine.store().inTransaction(() -> engine.store().groups().removeMembers(account, groupId, emails));
    }
}
