"""The panels other apps add to the body page (the apps to come: meetings, directives, activities, evaluations).

    from tanzim.organization.panels import body_panels

    @body_panels.register("meetings", template="meetings/_body_panel.html", order=50)
    def meetings_panel(body, *, scope, authority): ...

See `tanzim.panels`. The body page already read the body through the reader's scope.
"""

from tanzim.panels import Panels

body_panels = Panels("body")
