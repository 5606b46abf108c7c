package dev.ses.core.internal;

import dev.ses.core.RecipientGroup;
import dev.ses.core.spi.GroupMember;
import dev.ses.core.spi.Store;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Keeps the line breaks of a group's values out of a task's subjects.
 *
 * <p>A group's values may hold line breaks, which are legitimate in a body (an address block, a note). A subject
 * cannot hold one: it would end the header and start another of the recipient's making. Of the two ways out,
 * folding the break to a space or refusing, ses refuses: a task whose subject uses such a variable does not start,
 * and the error names the recipients, so the person who made the file learns it before anything is sent rather
 * than finding a changed subject or a run whose messages settled FAILED. The check runs when a task is created and
 * again when each run starts, since a later import may bring such a value; the dispatcher's own guard stays behind
 * it. Thread-safe; reads the members that hold line breaks page by page
 * ({@link dev.ses.core.spi.GroupRepository#membersWithLineBreaks}), most often none.
 */
public final class SubjectLineBreaks {
    private static final int PAGE = 1_000;
    private static final int SHOWN = 5;

    private SubjectLineBreaks() {
    }

    /**
     * What keeps a subject from taking the group's values: the variables, the count of recipients and the first of
     * them.
     *
     * @param subjectVariables the variables the subject uses
     * @return a sentence naming the variables and recipients, or empty when no value the subject uses holds CR or LF
     */
    public static Optional<String> find(Store store, RecipientGroup group, Collection<String> subjectVariables) {
        List<String> used = group.variables().stream().filter(subjectVariables::contains).toList();
        if (used.isEmpty()) {
            return Optional.empty();
        }
        TreeSet<String> broken = new TreeSet<>();
        List<String> shown = new ArrayList<>(SHOWN);
        long count = 0;
        long after = 0;
        List<GroupMember> page;
        while (!(page = store.groups().membersWithLineBreaks(group.id(), after, PAGE)).isEmpty()) {
            for (GroupMember member : page) {
                boolean hit = false;
                for (String name : used) {
                    String value = member.variables().getOrDefault(name, "");
                    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                        broken.add(name);
                        hit = true;
                    }
                }
                if (hit && count++ < SHOWN) {
                    shown.add(member.email());
                }
            }
            after = page.get(page.size() - 1).id();
        }
        if (count == 0) {
            return Optional.empty();
        }
        StringBuilder what = new StringBuilder("the subject uses ");
        List<String> tags = broken.stream().map(name -> "{{" + name + "}}").toList();
        what.append(String.join(", ", tags)).append(", and ").append(tags.size() == 1 ? "its value holds" : "their "
                + "values hold").append(" a line break for ").append(count).append(count == 1 ? " recipient" :
                " recipients").append(" of group ").append(group.name()).append(": ").append(String.join(", ", shown));
        if (count > shown.size()) {
            what.append(" and ").append(count - shown.size()).append(" more");
        }
        return Optional.of(what.append("; a line break may go into the body, never into the subject").toString());
    }
}
