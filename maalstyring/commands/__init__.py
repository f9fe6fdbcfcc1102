"""The command line (`python -m maalstyring …`): parsing in Danish, the commands, reminders from cron and
copying a database between engines. The top of the domain: may import every other package.
"""
