"""The "Reports" permission for the staff roles that read the figures (both groups are defined by their apps;
a Role with the same name adds to theirs)."""

from storefront.roles import Role

VIEW_REPORTS = "reports.view_reports"

ROLES = [
    Role("Merchandisers", permissions=[VIEW_REPORTS]),
    Role("Fulfilment", permissions=[VIEW_REPORTS]),
]
