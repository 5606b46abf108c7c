package dev.ses.core.internal.memory;

import dev.ses.core.ErrorCode;
import dev.ses.core.RecipientGroup;
import dev.ses.core.SesException;
import dev.ses.core.spi.GroupMember;
import dev.ses.core.spi.GroupRepository;
import dev.ses.core.spi.RecipientRow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** In-memory recipient groups. */
public final class MemoryGroups implements GroupRepository {
    private final MemoryTx tx;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong memberIds = new AtomicLong();
    private final Map<Long, RecipientGroup> groups = new ConcurrentHashMap<>();
    private final Map<Long, ConcurrentSkipListMap<Long, GroupMember>> members = new ConcurrentHashMap<>();

    public MemoryGroups(MemoryTx tx) {
        this.tx = tx;
    }

    @Override
    public RecipientGroup insert(RecipientGroup g) {
        return tx.write(() -> {
            if (byName(g.account(), g.name()).isPresent()) {
                throw new SesException(ErrorCode.ALREADY_EXISTS, "group: '" + g.name()
                        + "' already exists in account " + g.account());
            }
            RecipientGroup stored = new RecipientGroup(ids.incrementAndGet(), g.account(), g.name(), g.description(),
                    g.variables(), g.recipients(), g.createdAt());
            tx.put(groups, stored.id(), stored);
            return stored;
        });
    }

    @Override
    public void update(RecipientGroup g) {
        tx.write(() -> {
            if (get(g.account(), g.id()).isPresent()) {
                tx.put(groups, g.id(), g);
            }
        });
    }

    @Override
    public Optional<RecipientGroup> get(String account, long id) {
        return tx.read(() -> Optional.ofNullable(groups.get(id)).filter(g -> g.account().equals(account)));
    }

    @Override
    public Optional<RecipientGroup> byName(String account, String name) {
        return tx.read(() -> groups.values().stream()
                .filter(g -> g.account().equals(account) && g.name().equals(name)).findFirst());
    }

    @Override
    public List<RecipientGroup> list(String account) {
        return tx.read(() -> groups.values().stream().filter(g -> g.account().equals(account))
                .sorted(Comparator.comparingLong(RecipientGroup::id)).toList());
    }

    @Override
    public boolean delete(String account, long id) {
        return tx.write(() -> {
            if (get(account, id).isEmpty()) {
                return false;
            }
            tx.remove(groups, id);
            tx.remove(members, id);
            return true;
        });
    }

    @Override
    public void addMembers(long groupId, List<RecipientRow> rows) {
        tx.write(() -> {
            ConcurrentSkipListMap<Long, GroupMember> of = members.get(groupId);
            if (of == null) {
                of = new ConcurrentSkipListMap<>();
                tx.put(members, groupId, of);
            }
            List<Long> added = new ArrayList<>(rows.size());
            for (RecipientRow r : rows) {
                long id = memberIds.incrementAndGet();
                of.put(id, new GroupMember(id, groupId, r.email(), r.variables()));
                added.add(id);
            }
            ConcurrentSkipListMap<Long, GroupMember> target = of;
            tx.onRollback(() -> added.forEach(target::remove));
        });
    }

    @Override
    public List<GroupMember> members(long groupId, long afterId, int limit) {
        return tx.read(() -> {
            ConcurrentSkipListMap<Long, GroupMember> of = members.get(groupId);
            if (of == null) {
                return List.of();
            }
            List<GroupMember> page = new ArrayList<>(Math.min(limit, 1024));
            for (GroupMember m : of.tailMap(afterId, false).values()) {
                if (page.size() >= limit) {
                    break;
                }
                page.add(m);
            }
            return page;
        });
    }

    @Override
    public Set<String> emails(long groupId) {
        return tx.read(() -> {
            ConcurrentSkipListMap<Long, GroupMember> of = members.get(groupId);
            Set<String> emails = new HashSet<>();
            if (of != null) {
                of.values().forEach(m -> emails.add(m.email()));
            }
            return emails;
        });
    }

    @Override
    public int removeMembers(String account, long groupId, Collection<String> emails) {
        return tx.write(() -> {
            Optional<RecipientGroup> group = get(account, groupId);
            ConcurrentSkipListMap<Long, GroupMember> of = members.get(groupId);
            if (group.isEmpty() || of == null) {
                return 0;
            }
            Set<String> gone = new HashSet<>(emails);
            List<GroupMember> removed = new ArrayList<>();
            for (GroupMember m : of.values()) {
                if (gone.contains(m.email())) {
                    removed.add(m);
                }
            }
            removed.forEach(m -> of.remove(m.id()));
            tx.onRollback(() -> removed.forEach(m -> of.put(m.id(), m)));
            RecipientGroup g = group.get();
            tx.put(groups, groupId, g.withContents(g.variables(), g.recipients() - removed.size()));
            return removed.size();
        });
    }
}
