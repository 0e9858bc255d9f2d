"""Invented contact files in the shapes real exports take. Every person here is made up."""

LINKEDIN_CURRENT = """Notes:
"When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed their connections to see or download their email address."

First Name,Last Name,URL,Email Address,Company,Position,Connected On
Ana,Ruiz (she/her),https://www.linkedin.com/in/ana-ruiz-example,,Acme Health,UX Researcher,30 May 2024
Jane,"Goslee, CPA",https://www.linkedin.com/in/jgoslee-example,jane@goslee.example,Goslee & Co,Partner,01 Feb 2019
Dmitri 🚀,Volkov,https://www.linkedin.com/in/dvolkov-example,,Initech,Data Engineer,12 Dec 2021
Иван,Петров,https://www.linkedin.com/in/ipetrov-example,,Globex,Analyst,03 Mar 2020
美玲,王,https://www.linkedin.com/in/meiling-wang-example,,Hooli,Product Manager,15 Aug 2022
,,,,,,07 Jan 2023
"""

LINKEDIN_OLDER = """First Name,Last Name,Email Address,Company,Position,Connected On
Tom,Baker,tom.baker@example.org,Umbrella,Nurse Practitioner,"1/8/18, 6:14 PM"
Lena,Fischer,urn:li:member:123456,Initrode,Teacher,"11/23/19, 9:02 AM"
"""

LINKEDIN_EXCEL_NO_HEADER = """Ana,Ruiz,https://www.linkedin.com/in/ana-ruiz-example,,Acme Health,UX Researcher,6-Feb-26
"Priya,Nair,https://www.linkedin.com/in/pnair-example,,Stark Labs,Chemist,7-Feb-26"
Omar,Haddad,https://www.linkedin.com/in/ohaddad-example,,Wayne Foods,Chef,8-Feb-26
"""

LINKEDIN_GERMAN = """Vorname,Nachname,URL,E-Mail-Adresse,Unternehmen,Position,Verbunden am
Jürgen,Maier,https://www.linkedin.com/in/jmaier-example,,Bosch Example,Ingenieur,12 Mär 2021
"""

LINKEDIN_BAD_ROWS = """First Name,Last Name,URL,Email Address,Company,Position,Connected On
Ana,Ruiz,https://www.linkedin.com/in/ana-ruiz-example,,Acme Health,UX Researcher,30 May 2024
Bob,Stone,https://www.linkedin.com/in/bstone-example,not-an-email,Acme,Designer,30 May 2024
Cara,Lee,https://www.linkedin.com/in/clee-example,,Acme,Engineer,31 Foo 2024
"""

GOOGLE = (
    "\ufeffFirst Name,Middle Name,Last Name,Nickname,Organization Name,Organization Title,Notes,"
    "Labels,E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,"
    "Phone 1 - Value,Website 1 - Value\n"
    'Maria,,Lopez,,Acme Health,Nurse Manager,"Met at the hospital fair.\nLikes long walks.",'
    "* myContacts ::: Mentors,Work,maria@acme.example,Home,maria.l@home.example,Mobile,"
    "+1 415 555 0101 ::: +1 415 555 0102,https://maria.example\n"
    "Dev,,Patel,,Hooli,Engineer,,* myContacts,Work,dev@hooli.example,,,,,\n"
)

OUTLOOK = (
    "First Name,Middle Name,Last Name,Title,Suffix,E-mail Address,E-mail 2 Address,Business Phone,"
    "Mobile Phone,Job Title,Company,Web Page,Notes,Categories,Business City\n"
    "Sam,,Okafor,Mr.,,sam@okafor.example,,+44 20 7946 0958,,Architect,Okafor Studio,okafor.example,,"
    "Alumni;Design,London\n"
)

VCARDS = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lindqvist;Björn;;;\r\nFN:Björn Lindqvist\r\nORG:Nordic Labs\r\n"
    "TITLE:Research Chemist\r\nEMAIL;TYPE=INTERNET:bjorn@nordic.example\r\nTEL;TYPE=CELL:+46 70 123 45 67\r\n"
    "URL:https://www.linkedin.com/in/blindqvist-example\r\nCATEGORIES:science,alumni\r\n"
    "NOTE:Long note that is folded over\r\n  two lines.\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=96zt=C3=BCrk;Elif;;;\n"
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Elif =C3=96zt=C3=BCrk\nTEL;WORK;VOICE:(212) 555-0199\n"
    "END:VCARD\n"
    "BEGIN:VCARD\rVERSION:4.0\rFN:Kai Weber\rEND:VCARD\r"
)

VCARD_BROKEN = (
    "BEGIN:VCARD\nVERSION:3.0\nFN:Good Person\nN:Person;Good;;;\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:3.0\nEMAIL:only@an-address.example\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:3.0\nFN:No End\nN:End;No;;;\n"
)

ALUMNI_CSV = """Alumni name,Class,Employer,Role,Contact
Rosa Díaz,2015,City Hospital,Pharmacist,rosa@city.example
Luis Gómez,2012,State Bank,Analyst,luis@bank.example
"""
