"""Roles a person holds and the capabilities they grant.

Capabilities, not role names, are what the rest of the code checks, so a person
holding several roles simply has the union of their capabilities.
"""

from enum import StrEnum


class Role(StrEnum):
    STUDENT = "student"
    TEACHER = "teacher"
    ENTREPRENEUR = "entrepreneur"
    EMPLOYER = "employer"
    ADMIN = "admin"


class Capability(StrEnum):
    LEARN = "learn"
    MANAGE_COHORTS = "manage_cohorts"
    REVIEW = "review"
    AWARD = "award"
    POST_PROJECTS = "post_projects"
    JUDGE = "judge"
    ADMINISTER = "administer"


ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.STUDENT: frozenset(),
    Role.TEACHER: frozenset({Capability.MANAGE_COHORTS, Capability.REVIEW, Capability.AWARD}),
    Role.ENTREPRENEUR: frozenset({Capability.POST_PROJECTS, Capability.REVIEW}),
    Role.EMPLOYER: frozenset({Capability.JUDGE}),
    Role.ADMIN: frozenset(
        {Capability.ADMINISTER, Capability.MANAGE_COHORTS, Capability.REVIEW, Capability.AWARD}
    ),
}

# Everyone is a learner in the hub, whatever else they are.
BASE_CAPABILITIES = frozenset({Capability.LEARN})

# Roles an administrator hands out with an invite; students join with a cohort code.
INVITABLE_ROLES = (Role.TEACHER, Role.ENTREPRENEUR, Role.EMPLOYER)


def capabilities_of(roles: set[Role] | frozenset[Role]) -> frozenset[Capability]:
    granted = set(BASE_CAPABILITIES)
    for role in roles:
        granted |= ROLE_CAPABILITIES[role]
    return frozenset(granted)
