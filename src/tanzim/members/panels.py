"""The panels other apps add to the member page (law 09-08 consents, and the apps to come: attendance, dues).

    from tanzim.members.panels import member_panels

    @member_panels.register("dues", template="dues/_member_panel.html", order=50)
    def dues_panel(member, *, scope, authority): ...

See `tanzim.panels`. The member page already read the member through the reader's scope; a panel reads what it
adds through that scope too, and says what the reader may do through `authority`.
"""

from tanzim.panels import Panels

member_panels = Panels("member")
