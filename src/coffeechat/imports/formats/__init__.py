"""Reading contact files into plain records. Nothing here touches the database."""
