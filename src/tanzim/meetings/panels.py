"""The panels other apps add to the meeting page and to a decision on it.

    from tanzim.meetings.panels import meeting_panels, decision_panels

    @meeting_panels.register("documents", template="meetings/documents/_panel.html", order=80)
    def documents_panel(meeting, *, scope, authority): ...

    @decision_panels.register("directives", template="directives/_decision_panel.html", order=50)
    def directives_panel(decision, *, scope, authority): ...

See `tanzim.panels`. The meeting page already read the meeting (and its decisions) through the reader's scope;
`directives` lists and adds the directives a decision sends, the documents part the minutes PDF, the attendance
sheet, the communiqué and the calendar links.
"""

from tanzim.panels import Panels

meeting_panels = Panels("meeting")
decision_panels = Panels("decision")
