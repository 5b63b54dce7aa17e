"""Word lists for the demo organization: names, companies, titles by persona, subjects by category."""

from __future__ import annotations

from typing import Final

ORG_NAME: Final = "Bridgepoint IT Staffing"
ORG_DOMAIN: Final = "bridgepoint-staffing.example"
TIME_ZONE: Final = "America/Chicago"
TEAM_NAMES: Final = ("Enterprise Accounts", "Midwest Growth", "Emerging Markets")

FIRST_NAMES: Final = (
    "Aiden", "Alicia", "Amara", "Andre", "Ava", "Ben", "Bianca", "Caleb", "Carmen", "Chloe",
    "Colin", "Dana", "Darius", "Diego", "Elena", "Eli", "Emma", "Ethan", "Fatima", "Felix",
    "Grace", "Hannah", "Hector", "Imani", "Isaac", "Jada", "Jamal", "Jasmine", "Jonah", "Julia",
    "Kai", "Keisha", "Kevin", "Laila", "Liam", "Lucia", "Maya", "Marcus", "Mei", "Miguel",
    "Nadia", "Nathan", "Noah", "Olivia", "Omar", "Priya", "Quinn", "Rafael", "Rosa", "Ryan",
    "Sara", "Sean", "Sofia", "Tariq", "Tessa", "Theo", "Uma", "Victor", "Wen", "Yusuf", "Zoe",
)  # fmt: skip
LAST_NAMES: Final = (
    "Abbott", "Alvarez", "Bennett", "Brooks", "Chen", "Coleman", "Diaz", "Dubois", "Ellis",
    "Fischer", "Foster", "Garcia", "Grant", "Hayes", "Hughes", "Ibrahim", "Jensen", "Kaur",
    "Kim", "Kowalski", "Lambert", "Larsen", "Lopez", "Mahoney", "Marsh", "Moreno", "Nakamura",
    "Novak", "Okafor", "Olsen", "Patel", "Perez", "Quinlan", "Ramirez", "Reyes", "Rossi",
    "Schmidt", "Shah", "Sullivan", "Tanaka", "Thompson", "Torres", "Underwood", "Vasquez",
    "Walsh", "Weber", "Whitfield", "Xu", "Yamamoto", "Young", "Zielinski",
)  # fmt: skip

COMPANY_STEMS: Final = (
    "Apex", "Beacon", "Birch", "Blue Harbor", "Cardinal", "Cedar", "Clearwater", "Cobalt", "Crest",
    "Delta", "Evergreen", "Falcon", "Frontier", "Granite", "Harbor", "Heartland", "Horizon", "Iron",
    "Juniper", "Keystone", "Lakeshore", "Liberty", "Lumen", "Maple", "Meridian", "Northstar", "Oak",
    "Orion", "Pinnacle", "Prairie", "Redwood", "Ridge", "River", "Sierra", "Summit", "Trident",
    "Union", "Vantage", "Willow", "Zenith",
)  # fmt: skip

# industry -> company-name suffixes
INDUSTRIES: Final[dict[str, tuple[str, ...]]] = {
    "Financial Services": ("Bank", "Capital", "Financial", "Credit Union"),
    "Insurance": ("Insurance", "Mutual", "Assurance"),
    "Healthcare": ("Health", "Medical Group", "Health System"),
    "Software": ("Software", "Labs", "Systems"),
    "Manufacturing": ("Manufacturing", "Industries", "Components"),
    "Retail": ("Retail", "Stores", "Brands"),
    "Logistics": ("Logistics", "Freight", "Supply"),
    "Energy": ("Energy", "Power", "Utilities"),
    "Government": ("County", "Authority", "Agency"),
    "Education": ("University", "College", "Schools"),
}
REGIONS: Final = ("Chicago", "Milwaukee", "Minneapolis", "St. Louis", "Indianapolis", "Dallas", "Kansas City")
TECH_TAGS: Final = (
    "java", "dotnet", "python", "aws", "azure", "gcp", "salesforce", "sap", "data", "devops",
    "security", "react", "mainframe", "servicenow",
)  # fmt: skip
EMPLOYEE_BANDS: Final = ((50, 200), (200, 1000), (1000, 5000), (5000, 20000), (20000, 80000))

# The organization's bullseye: the accounts it wants its reps to hunt.
BULLSEYE_INDUSTRIES: Final = ("Financial Services", "Insurance", "Healthcare", "Software")
BULLSEYE_EMPLOYEES: Final = (1000, 80000)
BULLSEYE_TECH: Final = ("java", "dotnet", "aws", "azure", "data", "devops", "security")
BULLSEYE: Final = {
    "industries": list(BULLSEYE_INDUSTRIES),
    "employee_count": {"min": BULLSEYE_EMPLOYEES[0], "max": BULLSEYE_EMPLOYEES[1]},
    "tech_tags": list(BULLSEYE_TECH),
    "personas": ["it_hiring_manager", "it_executive"],
}

# Titles match their persona by the default title rules (domain/personas.py), except candidates: a job
# title says nothing about being a candidate, so their persona is set by hand (an override).
TITLES: Final[dict[str, tuple[str, ...]]] = {
    "it_hiring_manager": (
        "IT Manager", "Director of Software Engineering", "Engineering Manager", "Director of IT",
        "Application Development Manager", "Data Engineering Manager", "Director of Infrastructure",
    ),
    "it_executive": ("CIO", "CTO", "VP of Engineering", "VP Information Technology", "Chief Data Officer"),
    "hr_recruiter": (
        "Talent Acquisition Specialist", "HR Generalist", "Technical Recruiter",
        "Talent Acquisition Manager", "HR Business Partner",
    ),
    "procurement": (
        "Procurement Manager", "Vendor Management Lead", "Strategic Sourcing Manager",
        "Contingent Workforce Lead",
    ),
    "consultant": ("Java Consultant", "Cloud Consultant", "Business Analyst Consultant", "QA Contractor",
                   "Data Analyst Consultant"),
    "candidate": ("Senior Java Developer", ".NET Developer", "DevOps Engineer", "Data Engineer",
                  "Salesforce Administrator", "Security Analyst", "Project Manager"),
}  # fmt: skip

JOB_TITLES: Final = (
    "Senior Java Developer", ".NET Developer", "DevOps Engineer", "Data Engineer", "Cloud Architect",
    "Salesforce Developer", "Security Analyst", "QA Automation Engineer", "Business Analyst",
    "Scrum Master", "Python Developer", "Network Engineer",
)  # fmt: skip

# category -> subject templates; {a} account, {c} contact first name, {t} tech, {j} job title
SUBJECTS: Final[dict[str, tuple[str, ...]]] = {
    "prospecting_call": ("Cold call {c} at {a}", "Follow-up call {c} re {t} contractors", "Call {c}: {t}"),
    "prospecting_email": ("Intro: {t} talent for {a}", "Follow-up: {t} consultants ready", "Re: {a} hiring"),
    "prospect_meeting": ("Discovery meeting – {a}", "Intro meeting with {c} ({a})", "Capabilities – {a}"),
    "job_order_intake": ("Job order intake: {j}", "Req intake call – {j} at {a}", "Scope new req: {j}"),
    "account_growth": ("Expansion meeting – {a}", "QBR with {c}", "New department intro – {a}"),
    "negotiation": ("Rate negotiation – {a}", "MSA redlines with {c}", "Markup discussion – {a}"),
    "client_servicing": ("Check-in with {c}", "Billing question – {a}", "Invoice question from {c}"),
    "consultant_care": ("Consultant check-in: {c}", "Extension talk with {c}", "Lunch with consultant {c}"),
    "resume_formatting": ("Format resume: {c}", "Resume cleanup for {j}", "Redact resume – {c}"),
    "candidate_prep": ("Interview prep with {c}", "Prep {c} for {a} interview", "Debrief {c}"),
    "sales_research": ("Research {a} org chart", "Account plan – {a}", "LinkedIn research: {a}"),
    "content_creation": ("Write {t} case study", "Build capabilities deck", "Draft {t} one-pager"),
    "content_search": ("Search for {t} success stories", "Looking for content on {t}", "Find template"),
    "internal_meeting": ("Team meeting", "Pipeline review", "Internal delivery sync", "Ops huddle"),
    "email_admin": ("Inbox", "Email catch-up", "Reply to emails"),
    "crm_admin": ("Update CRM", "Log activities", "Clean up pipeline in CRM"),
    "travel": ("Drive to {a}", "Travel back from {a}", "Commute to client site"),
    "coaching": ("1:1 with manager", "Call review with manager", "Ride-along debrief"),
    "training": ("Sales training", "Product training: {t}", "Negotiation workshop"),
}  # fmt: skip
