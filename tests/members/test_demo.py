from tanzim.members.demo import demo_members_load
from tanzim.members.models import Member
from tanzim.organization.demo import demo_load
from tanzim.people.models import Person


def test_demo_persons_become_members_once(db):
    demo_load()
    added = demo_members_load()
    assert added == Person.objects.count() > 0
    assert demo_members_load() == 0
    branch_members = Member.objects.filter(local_body__territory__code="01.571.01.11")
    assert branch_members.count() >= 16  # the Tétouan branch office holders are its members
