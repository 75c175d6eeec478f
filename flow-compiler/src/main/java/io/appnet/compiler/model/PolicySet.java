package io.appnet.compiler.model;

import io.appnet.compiler.util.PersistentMap;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * App policies, groups, group policies, external services and service policies, with the indexes the
 * compiler needs (policies by destination app, groups by member, group policies by group). Immutable.
 * References to apps are checked by {@link Network}; this class checks what it can see itself.
 */
public final class PolicySet {

    private static final PolicySet EMPTY = new PolicySet(PersistentMap.empty(), PersistentMap.empty(),
            PersistentMap.empty(), PersistentMap.empty(), PersistentMap.empty(), PersistentMap.empty(),
            PersistentMap.empty(), PersistentMap.empty(), PersistentMap.empty(), PersistentMap.empty(),
            PersistentMap.empty());

    /** A policy without its ID: two policies with the same rule are the same policy. */
    private record Rule(Object source, Object destination, Protocol protocol, PortRange ports) {
    }

    private final PersistentMap<PolicyId, Policy> policies;
    private final PersistentMap<AppId, PersistentMap<PolicyId, Policy>> policiesByDestination;
    private final PersistentMap<AppId, PersistentMap<PolicyId, Policy>> policiesBySource;
    private final PersistentMap<Rule, PolicyId> rules;
    private final PersistentMap<GroupName, Group> groups;
    private final PersistentMap<AppId, PersistentMap<GroupName, Boolean>> groupsByMember;
    private final PersistentMap<PolicyId, GroupPolicy> groupPolicies;
    private final PersistentMap<GroupName, PersistentMap<PolicyId, GroupPolicy>> groupPoliciesByGroup;
    private final PersistentMap<String, ExternalService> services;
    private final PersistentMap<PolicyId, ServicePolicy> servicePolicies;
    private final PersistentMap<AppId, PersistentMap<PolicyId, ServicePolicy>> servicePoliciesBySource;

    private PolicySet(PersistentMap<PolicyId, Policy> policies,
                      PersistentMap<AppId, PersistentMap<PolicyId, Policy>> policiesByDestination,
                      PersistentMap<AppId, PersistentMap<PolicyId, Policy>> policiesBySource,
                      PersistentMap<Rule, PolicyId> rules,
                      PersistentMap<GroupName, Group> groups,
                      PersistentMap<AppId, PersistentMap<GroupName, Boolean>> groupsByMember,
                      PersistentMap<PolicyId, GroupPolicy> groupPolicies,
                      PersistentMap<GroupName, PersistentMap<PolicyId, GroupPolicy>> groupPoliciesByGroup,
                      PersistentMap<String, ExternalService> services,
                      PersistentMap<PolicyId, ServicePolicy> servicePolicies,
                      PersistentMap<AppId, PersistentMap<PolicyId, ServicePolicy>> servicePoliciesBySource) {
        this.policies = policies;
        this.policiesByDestination = policiesByDestination;
        this.policiesBySource = policiesBySource;
        this.rules = rules;
        this.groups = groups;
        this.groupsByMember = groupsByMember;
        this.groupPolicies = groupPolicies;
        this.groupPoliciesByGroup = groupPoliciesByGroup;
        this.services = services;
        this.servicePolicies = servicePolicies;
        this.servicePoliciesBySource = servicePoliciesBySource;
    }

    static PolicySet empty() {
        return EMPTY;
    }

    public PersistentMap<PolicyId, Policy> policies() {
        return policies;
    }

    public Collection<Policy> policiesTo(AppId destination) {
        return Index.get(policiesByDestination, destination).values();
    }

    public Collection<Policy> policiesFrom(AppId source) {
        return Index.get(policiesBySource, source).values();
    }

    /** The ID of the policy with exactly this rule, if there is one. */
    public Optional<PolicyId> find(AppId source, AppId destination, Protocol protocol, PortRange ports) {
        return Optional.ofNullable(rules.get(new Rule(source, destination, protocol, ports)));
    }

    public PersistentMap<GroupName, Group> groups() {
        return groups;
    }

    public Optional<Group> group(GroupName name) {
        return Optional.ofNullable(groups.get(name));
    }

    public Set<GroupName> groupsOf(AppId app) {
        return Index.get(groupsByMember, app).asMap().keySet();
    }

    public PersistentMap<PolicyId, GroupPolicy> groupPolicies() {
        return groupPolicies;
    }

    /** Group policies whose source or destination is the group. */
    public Collection<GroupPolicy> groupPoliciesOf(GroupName group) {
        return Index.get(groupPoliciesByGroup, group).values();
    }

    public PersistentMap<String, ExternalService> services() {
        return services;
    }

    public PersistentMap<PolicyId, ServicePolicy> servicePolicies() {
        return servicePolicies;
    }

    boolean usesId(PolicyId id) {
        return policies.containsKey(id) || groupPolicies.containsKey(id) || servicePolicies.containsKey(id);
    }

    /** A sentence listing what refers to the app, or empty if nothing does. */
    String referencesTo(AppId app) {
        StringBuilder text = new StringBuilder();
        int policyCount = Index.get(policiesByDestination, app).size() + Index.get(policiesBySource, app).size()
                + Index.get(servicePoliciesBySource, app).size();
        if (policyCount > 0) {
            text.append(policyCount).append(" policies");
        }
        Set<GroupName> memberOf = groupsOf(app);
        if (!memberOf.isEmpty()) {
            text.append(text.length() > 0 ? ", " : "").append("groups ").append(memberOf);
        }
        return text.toString();
    }

    PolicySet addPolicy(Policy policy) {
        checkNewId(policy.id());
        Rule rule = new Rule(policy.source(), policy.destination(), policy.protocol(), policy.ports());
        PolicyId same = rules.get(rule);
        if (same != null) {
            throw new ModelException("the same policy already exists as policy " + same);
        }
        return new PolicySet(policies.plus(policy.id(), policy),
                Index.put(policiesByDestination, policy.destination(), policy.id(), policy),
                Index.put(policiesBySource, policy.source(), policy.id(), policy),
                rules.plus(rule, policy.id()), groups, groupsByMember, groupPolicies, groupPoliciesByGroup, services,
                servicePolicies, servicePoliciesBySource);
    }

    PolicySet removePolicy(PolicyId id) {
        Policy policy = policies.get(id);
        if (policy != null) {
            return new PolicySet(policies.minus(id), Index.remove(policiesByDestination, policy.destination(), id),
                    Index.remove(policiesBySource, policy.source(), id),
                    rules.minus(new Rule(policy.source(), policy.destination(), policy.protocol(), policy.ports())),
                    groups, groupsByMember, groupPolicies, groupPoliciesByGroup, services, servicePolicies,
                    servicePoliciesBySource);
        }
        GroupPolicy groupPolicy = groupPolicies.get(id);
        if (groupPolicy != null) {
            PersistentMap<GroupName, PersistentMap<PolicyId, GroupPolicy>> byGroup =
                    Index.remove(Index.remove(groupPoliciesByGroup, groupPolicy.source(), id),
                            groupPolicy.destination(), id);
            return new PolicySet(policies, policiesByDestination, policiesBySource,
                    rules.minus(new Rule(groupPolicy.source(), groupPolicy.destination(), groupPolicy.protocol(),
                            groupPolicy.ports())),
                    groups, groupsByMember, groupPolicies.minus(id), byGroup, services, servicePolicies,
                    servicePoliciesBySource);
        }
        ServicePolicy servicePolicy = servicePolicies.get(id);
        if (servicePolicy != null) {
            return new PolicySet(policies, policiesByDestination, policiesBySource,
                    rules.minus(new Rule(servicePolicy.source(), servicePolicy.service(), Protocol.ALL,
                            PortRange.any())),
                    groups, groupsByMember, groupPolicies, groupPoliciesByGroup, services, servicePolicies.minus(id),
                    Index.remove(servicePoliciesBySource, servicePolicy.source(), id));
        }
        throw new ModelException("unknown policy " + id);
    }

    PolicySet putGroup(Group group) {
        PersistentMap<AppId, PersistentMap<GroupName, Boolean>> byMember = groupsByMember;
        Group previous = groups.get(group.name());
        if (previous != null) {
            for (AppId member : previous.members()) {
                byMember = Index.remove(byMember, member, group.name());
            }
        }
        for (AppId member : group.members()) {
            byMember = Index.put(byMember, member, group.name(), Boolean.TRUE);
        }
        return new PolicySet(policies, policiesByDestination, policiesBySource, rules, groups.plus(group.name(), group),
                byMember, groupPolicies, groupPoliciesByGroup, services, servicePolicies, servicePoliciesBySource);
    }

    PolicySet removeGroup(GroupName name) {
        Group group = groups.get(name);
        if (group == null) {
            throw new ModelException("unknown group '" + name + "'");
        }
        Collection<GroupPolicy> users = groupPoliciesOf(name);
        if (!users.isEmpty()) {
            throw new ModelException("group '" + name + "' is used by group policies "
                    + users.stream().map(GroupPolicy::id).sorted().toList() + "; remove them first");
        }
        PersistentMap<AppId, PersistentMap<GroupName, Boolean>> byMember = groupsByMember;
        for (AppId member : group.members()) {
            byMember = Index.remove(byMember, member, name);
        }
        return new PolicySet(policies, policiesByDestination, policiesBySource, rules, groups.minus(name), byMember,
                groupPolicies, groupPoliciesByGroup, services, servicePolicies, servicePoliciesBySource);
    }

    PolicySet addGroupPolicy(GroupPolicy policy) {
        checkNewId(policy.id());
        for (GroupName group : new GroupName[] {policy.source(), policy.destination()}) {
            if (!groups.containsKey(group)) {
                throw new ModelException("group policy " + policy.id() + ": unknown group '" + group + "'");
            }
        }
        Rule rule = new Rule(policy.source(), policy.destination(), policy.protocol(), policy.ports());
        PolicyId same = rules.get(rule);
        if (same != null) {
            throw new ModelException("the same group policy already exists as policy " + same);
        }
        PersistentMap<GroupName, PersistentMap<PolicyId, GroupPolicy>> byGroup =
                Index.put(Index.put(groupPoliciesByGroup, policy.source(), policy.id(), policy),
                        policy.destination(), policy.id(), policy);
        return new PolicySet(policies, policiesByDestination, policiesBySource, rules.plus(rule, policy.id()), groups,
                groupsByMember, groupPolicies.plus(policy.id(), policy), byGroup, services, servicePolicies,
                servicePoliciesBySource);
    }

    PolicySet addService(ExternalService service) {
        if (services.containsKey(service.name())) {
            throw new ModelException("service '" + service.name() + "' already exists");
        }
        for (ExternalService other : services.values()) {
            for (Ipv4Prefix mine : service.cidrs()) {
                for (Ipv4Prefix theirs : other.cidrs()) {
                    if (mine.overlaps(theirs)) {
                        throw new ModelException("service '" + service.name() + "': CIDR " + mine + " overlaps "
                                + theirs + " of service '" + other.name() + "'");
                    }
                }
            }
        }
        return new PolicySet(policies, policiesByDestination, policiesBySource, rules, groups, groupsByMember,
                groupPolicies, groupPoliciesByGroup, services.plus(service.name(), service), servicePolicies,
                servicePoliciesBySource);
    }

    PolicySet removeService(String name) {
        if (!services.containsKey(name)) {
            throw new ModelException("unknown service '" + name + "'");
        }
        for (ServicePolicy policy : servicePolicies.values()) {
            if (policy.service().equals(name)) {
                throw new ModelException("service '" + name + "' is used by policy " + policy.id()
                        + "; remove it first");
            }
        }
        return new PolicySet(policies, policiesByDestination, policiesBySource, rules, groups, groupsByMember,
                groupPolicies, groupPoliciesByGroup, services.minus(name), servicePolicies, servicePoliciesBySource);
    }

    PolicySet addServicePolicy(ServicePolicy policy) {
        checkNewId(policy.id());
        if (!services.containsKey(policy.service())) {
            throw new ModelException("policy " + policy.id() + ": unknown service '" + policy.service() + "'");
        }
        Rule rule = new Rule(policy.source(), policy.service(), Protocol.ALL, PortRange.any());
        PolicyId same = rules.get(rule);
        if (same != null) {
            throw new ModelException("the same service policy already exists as policy " + same);
        }
        return new PolicySet(policies, policiesByDestination, policiesBySource, rules.plus(rule, policy.id()), groups,
                groupsByMember, groupPolicies, groupPoliciesByGroup, services, servicePolicies.plus(policy.id(), policy),
                Index.put(servicePoliciesBySource, policy.source(), policy.id(), policy));
    }

    private void checkNewId(PolicyId id) {
        if (usesId(id)) {
            throw new ModelException("policy ID " + id + " is already in use");
        }
    }
}
