package dev.ses.core.spi;

import dev.ses.core.RecipientGroup;
import dev.ses.core.SesException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Recipient groups and their members. Every lookup by group is scoped to one account. */
public interface GroupRepository {
    /**
     * Inserts a new group and returns it with its identifier. The name is unique per account.
     *
     * @param group the group to insert, with id 0
     * @return the group as stored, with its new id
     * @throws SesException ALREADY_EXISTS if the account has a group of this name
     */
    RecipientGroup insert(RecipientGroup group);

    /**
     * Replaces a stored group's variables and count (same id and account).
     *
     * @param group the group as it now stands
     */
    void update(RecipientGroup group);

    /**
     * {@return the group with this id in this account}
     *
     * @param account the account's name
     * @param id the group's id
     */
    Optional<RecipientGroup> get(String account, long id);

    /**
     * {@return the group with this name in this account}
     *
     * @param account the account's name
     * @param name the group's name
     */
    Optional<RecipientGroup> byName(String account, String name);

    /**
     * {@return the account's groups, by id}
     *
     * @param account the account's name
     */
    List<RecipientGroup> list(String account);

    /**
     * Deletes the group and its members; false if there was none.
     *
     * @param account the account's name
     * @param id the group's id
     * @return whether there was a group to delete
     */
    boolean delete(String account, long id);

    /**
     * Adds members to a group, in order. One batch, not one call per row.
     *
     * @param groupId the group's id
     * @param rows the members to add, in order
     */
    void addMembers(long groupId, List<RecipientRow> rows);

    /**
     * {@return up to {@code limit} members with an id above {@code afterId}, by id: a group is read page by page}
     *
     * @param groupId the group's id
     * @param afterId 0 for the first page, else the last id of the page before
     * @param limit the most members to return
     */
    List<GroupMember> members(long groupId, long afterId, int limit);

    /**
     * {@return the normalised addresses of a group's members}
     *
     * @param groupId the group's id
     */
    Set<String> emails(long groupId);

    /**
     * {@return up to {@code limit} members with an id above {@code afterId}, by id, among which is every member that
     * has a value holding a line break (CR or LF): what a task reads before its subject takes the group's values, and
     * most groups have none} A store may return members without one too (one that filters on the stored form of the
     * values, say); the caller checks the values, and pages on from the last id returned until a page is empty. The
     * default pages through {@link #members} and keeps the members that hold one; a store that can filter where the
     * members are kept should.
     *
     * @param groupId the group's id
     * @param afterId 0 for the first page, else the last id of the page before
     * @param limit the most members to return
     */
    default List<GroupMember> membersWithLineBreaks(long groupId, long afterId, int limit) {
        List<GroupMember> found = new ArrayList<>();
        long after = afterId;
        List<GroupMember> page;
        while (found.size() < limit && !(page = members(groupId, after, Math.max(limit, 1_000))).isEmpty()) {
            for (GroupMember member : page) {
                boolean broken = member.variables().values().stream()
                        .anyMatch(v -> v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0);
                if (broken && found.size() < limit) {
                    found.add(member);
                }
            }
            after = page.get(page.size() - 1).id();
        }
        return found;
    }

    /**
     * Removes the members of a group with these addresses (as stored: the domain in lower case), and lowers the
     * group's count by as many. One batch.
     *
     * @param account the account's name
     * @param groupId the group's id
     * @param emails the members' addresses
     * @return how many members were removed
     */
    int removeMembers(String account, long groupId, Collection<String> emails);
}
