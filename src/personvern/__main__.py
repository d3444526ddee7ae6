from personvern.cli.main import main

main()
