// heliosdb: the command-line entry point. Parses arguments and hands off; nothing more.

HeliosCommand.main()
